#include "jsonbody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace Tincan {

JsonBody JsonBody::parse(const QByteArray &body, bool emptyIsObject)
{
    JsonBody result;
    if (body.trimmed().isEmpty()) {
        if (!emptyIsObject)
            result.fail(QStringLiteral("the request needs a JSON object as its body"));
        return result;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        result.fail(QStringLiteral("the body is not valid JSON: %1 at offset %2")
                        .arg(error.errorString())
                        .arg(error.offset));
    else if (!document.isObject())
        result.fail(QStringLiteral("the body must be a JSON object"));
    else
        result.m_object = document.object();
    return result;
}

void JsonBody::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

bool JsonBody::present(const QString &key, bool required)
{
    if (m_object.contains(key))
        return true;
    if (required)
        fail(QStringLiteral("missing field '%1'").arg(key));
    return false;
}

std::optional<QString> JsonBody::string(const QString &key, bool required, int maxLength)
{
    if (!present(key, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isString()) {
        fail(QStringLiteral("'%1' must be a string").arg(key));
        return std::nullopt;
    }
    const QString text = value.toString();
    if (text.size() > maxLength) {
        fail(QStringLiteral("'%1' is longer than %2 characters").arg(key).arg(maxLength));
        return std::nullopt;
    }
    return text;
}

std::optional<bool> JsonBody::boolean(const QString &key, bool required)
{
    if (!present(key, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isBool()) {
        fail(QStringLiteral("'%1' must be true or false").arg(key));
        return std::nullopt;
    }
    return value.toBool();
}

std::optional<QStringList> JsonBody::stringList(const QString &key, bool required, int maxItems,
                                                int maxLength)
{
    if (!present(key, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isArray()) {
        fail(QStringLiteral("'%1' must be an array of strings").arg(key));
        return std::nullopt;
    }
    const QJsonArray array = value.toArray();
    if (array.size() > maxItems) {
        fail(QStringLiteral("'%1' has more than %2 items").arg(key).arg(maxItems));
        return std::nullopt;
    }
    QStringList list;
    for (const QJsonValue &item : array) {
        if (!item.isString() || item.toString().size() > maxLength) {
            fail(QStringLiteral("'%1' must hold strings of at most %2 characters")
                     .arg(key)
                     .arg(maxLength));
            return std::nullopt;
        }
        list << item.toString();
    }
    return list;
}

std::optional<qint64> JsonBody::integer(const QString &key, bool required, qint64 min, qint64 max)
{
    if (!present(key, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    const double number = value.toDouble();
    if (!value.isDouble() || std::trunc(number) != number || number < double(min) ||
        number > double(max)) {
        fail(
            QStringLiteral("'%1' must be a whole number from %2 to %3").arg(key).arg(min).arg(max));
        return std::nullopt;
    }
    return qint64(number);
}

bool JsonBody::onlyKeys(const QStringList &allowed)
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        if (!allowed.contains(it.key())) {
            fail(QStringLiteral("unknown field '%1' (allowed: %2)")
                     .arg(it.key(), allowed.join(QStringLiteral(", "))));
            return false;
        }
    }
    return true;
}

} // namespace Tincan
