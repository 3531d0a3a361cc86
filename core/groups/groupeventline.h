#pragma once

#include "groupevent.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace Tincan {

// A membership change as its group's history keeps it (a message of kind Event): what was done,
// by whom, to whom, never English text. It is put into words only when shown, so that the
// reader sees it in their language and with the names people have today (docs/architecture.md,
// "Group event lines").
struct GroupEventLine
{
    GroupOp op = GroupOp::Add;
    QString actor;
    QStringList targets; // the members the change touched, without the actor
    QString name;        // create and rename: the group's name

    QString encode() const; // the stored body: compact JSON {op, actor, targets, name}
    // nullopt for anything else, such as the English lines that Tincan 0.1 stored.
    static std::optional<GroupEventLine> decode(const QString &body);
    QJsonObject toJson() const; // for the bridge API: ids, not names
};

using NameOf = std::function<QString(const QString &peerId)>;

// What a person reads ("Ada added Ben, you"), translated in the "GroupEventLine" context. A
// body that is no structured line (stored by 0.1) is shown as it was stored.
QString describeGroupEventLine(const QString &body, const QString &selfId, const NameOf &nameOf);

} // namespace Tincan
