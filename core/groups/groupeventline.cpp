#include "groupeventline.h"

#include "devices/devicenotice.h"
#include "groupeventkeys.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace Tincan {

namespace {
// Each string is marked with QT_TRANSLATE_NOOP, so that lupdate (qml/i18n/update-ts.sh) finds it.
QString translated(const char *text)
{
    return QCoreApplication::translate("GroupEventLine", text);
}
} // namespace

QJsonObject GroupEventLine::toJson() const
{
    QJsonObject object{{GroupEventKeys::op, groupOpName(op)},
                       {GroupEventKeys::actor, actor},
                       {GroupEventKeys::targets, QJsonArray::fromStringList(targets)}};
    if (op == GroupOp::Create || op == GroupOp::Rename)
        object.insert(GroupEventKeys::name, name);
    return object;
}

QString GroupEventLine::encode() const
{
    return QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

std::optional<GroupEventLine> GroupEventLine::decode(const QString &body)
{
    if (!body.startsWith(QLatin1Char('{')))
        return std::nullopt; // cheap: 0.1's English lines never start with a brace
    const QJsonObject object = QJsonDocument::fromJson(body.toUtf8()).object();
    const auto op = groupOpFromName(object.value(GroupEventKeys::op).toString());
    if (!op || !object.value(GroupEventKeys::actor).isString() ||
        !object.value(GroupEventKeys::targets).isArray())
        return std::nullopt;
    GroupEventLine line;
    line.op = *op;
    line.actor = object.value(GroupEventKeys::actor).toString();
    for (const QJsonValue &target : object.value(GroupEventKeys::targets).toArray())
        line.targets << target.toString();
    line.name = object.value(GroupEventKeys::name).toString();
    return line;
}

QString describeGroupEventLine(const QString &body, const QString &selfId, const NameOf &nameOf)
{
    // The one other kind of event line: a contact's devices changed (#18).
    if (auto notice = DeviceNotice::describe(body, nameOf))
        return *notice;
    const auto line = GroupEventLine::decode(body);
    if (!line)
        return body;
    const bool bySelf = line->actor == selfId;
    const QString actor =
        bySelf ? translated(QT_TRANSLATE_NOOP("GroupEventLine", "You")) : nameOf(line->actor);
    QStringList names;
    for (const QString &peer : line->targets)
        names << (peer == selfId ? translated(QT_TRANSLATE_NOOP("GroupEventLine", "you"))
                                 : nameOf(peer));
    const QString list = names.join(translated(QT_TRANSLATE_NOOP("GroupEventLine", ", ")));
    switch (line->op) {
    case GroupOp::Create:
        return names.isEmpty()
                   ? translated(QT_TRANSLATE_NOOP("GroupEventLine", "%1 created the group “%2”"))
                         .arg(actor, line->name)
                   : translated(
                         QT_TRANSLATE_NOOP("GroupEventLine", "%1 created the group “%2” with %3"))
                         .arg(actor, line->name, list);
    case GroupOp::Add:
        return translated(QT_TRANSLATE_NOOP("GroupEventLine", "%1 added %2")).arg(actor, list);
    case GroupOp::Remove:
        return translated(QT_TRANSLATE_NOOP("GroupEventLine", "%1 removed %2")).arg(actor, list);
    case GroupOp::Leave:
        return translated(QT_TRANSLATE_NOOP("GroupEventLine", "%1 left")).arg(actor);
    case GroupOp::Rename:
        return translated(QT_TRANSLATE_NOOP("GroupEventLine", "%1 renamed the group to “%2”"))
            .arg(actor, line->name);
    case GroupOp::Promote:
        return translated(QT_TRANSLATE_NOOP("GroupEventLine", "%1 made %2 an admin"))
            .arg(actor, list);
    }
    return body;
}

} // namespace Tincan
