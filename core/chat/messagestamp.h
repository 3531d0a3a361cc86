#pragma once

#include <QDateTime>
#include <QString>

namespace Tincan {

// The identity and time of a new outgoing message by authorId (this device). Conversations sort
// by (sentAt, uuid) on every machine; a time-ordered uuid (newMessageUuid: a counter inside the
// same millisecond, bound to its author) makes that order follow the order in which this node
// sent its messages, even thousands per millisecond apart, without running the clock ahead.
struct MessageStamp
{
    QString uuid;
    QDateTime sentAt;
};

MessageStamp nextMessageStamp(const QString &authorId);

} // namespace Tincan
