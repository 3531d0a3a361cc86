#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Tincan {

// Reads a request's JSON object strictly: wrong types, missing required fields and unknown
// fields all become one clear message for a 400 answer. The first problem wins.
class JsonBody
{
public:
    // Parses body as a JSON object; an empty body is an empty object when emptyIsObject.
    static JsonBody parse(const QByteArray &body, bool emptyIsObject = false);
    explicit JsonBody(QJsonObject object)
        : m_object(std::move(object))
    {}

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    const QJsonObject &object() const { return m_object; }
    bool has(const QString &key) const { return m_object.contains(key); }

    std::optional<QString> string(const QString &key, bool required, int maxLength = 1 << 20);
    std::optional<bool> boolean(const QString &key, bool required);
    // An array of at most maxItems strings, each at most maxLength characters.
    std::optional<QStringList> stringList(const QString &key, bool required, int maxItems,
                                          int maxLength);
    std::optional<qint64> integer(const QString &key, bool required, qint64 min, qint64 max);
    // Fails when the object has a key not in allowed.
    bool onlyKeys(const QStringList &allowed);
    void fail(const QString &message);

private:
    JsonBody() = default;
    bool present(const QString &key, bool required);

    QJsonObject m_object;
    QString m_error;
};

} // namespace Tincan
