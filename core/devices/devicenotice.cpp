#include "devicenotice.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tincan::DeviceNotice {

namespace {
const QString kPerson = QStringLiteral("devicesOf");
const QString kAdded = QStringLiteral("added");
const QString kRemoved = QStringLiteral("removed");

// Marked with QT_TRANSLATE_NOOP, so that lupdate (qml/i18n/update-ts.sh) finds each string.
QString translated(const char *text)
{
    return QCoreApplication::translate("DeviceNotice", text);
}

QString names(const QJsonArray &ids, const std::function<QString(const QString &)> &nameOf)
{
    QStringList list;
    for (const QJsonValue &id : ids)
        list << nameOf(id.toString());
    return list.join(translated(QT_TRANSLATE_NOOP("DeviceNotice", ", ")));
}
} // namespace

QString encode(const QString &person, const QStringList &added, const QStringList &removed)
{
    if (added.isEmpty() && removed.isEmpty())
        return {};
    const QJsonObject object{{kPerson, person},
                             {kAdded, QJsonArray::fromStringList(added)},
                             {kRemoved, QJsonArray::fromStringList(removed)}};
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<QString> describe(const QString &body,
                                const std::function<QString(const QString &peerId)> &nameOf)
{
    if (!body.startsWith(QLatin1Char('{')))
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(body.toUtf8()).object();
    if (!object.value(kPerson).isString())
        return std::nullopt;
    const QString person = nameOf(object.value(kPerson).toString());
    const QJsonArray added = object.value(kAdded).toArray();
    const QJsonArray removed = object.value(kRemoved).toArray();
    QStringList parts;
    if (!added.isEmpty())
        parts << translated(added.size() == 1
                                ? QT_TRANSLATE_NOOP("DeviceNotice", "%1 added a device: %2")
                                : QT_TRANSLATE_NOOP("DeviceNotice", "%1 added devices: %2"))
                     .arg(person, names(added, nameOf));
    if (!removed.isEmpty())
        parts << translated(removed.size() == 1
                                ? QT_TRANSLATE_NOOP("DeviceNotice", "%1 removed a device: %2")
                                : QT_TRANSLATE_NOOP("DeviceNotice", "%1 removed devices: %2"))
                     .arg(person, names(removed, nameOf));
    return parts.join(QStringLiteral("; "));
}

} // namespace Tincan::DeviceNotice
