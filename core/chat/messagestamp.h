#pragma once

#include <QDateTime>
#include <QString>

namespace Tincan {

// The identity and time of a new outgoing message. Conversations sort by (sentAt, uuid) on
// every machine; a time-ordered uuid (RFC 9562 version 7, with a counter inside the same
// millisecond) makes that order follow the order in which this node sent its messages, even
// thousands per millisecond apart, without running the clock ahead.
struct MessageStamp
{
    QString uuid;
    QDateTime sentAt;
};

MessageStamp nextMessageStamp();

} // namespace Tincan
