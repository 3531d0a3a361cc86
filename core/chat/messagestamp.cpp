#include "messagestamp.h"

#include "store/storetypes.h"

#include <QUuid>

namespace Tincan {

MessageStamp nextMessageStamp(const QString &authorId)
{
    // The time is the one inside the id, so that both tell the same order.
    const QString uuid = newMessageUuid(authorId);
    const QByteArray bytes = QUuid::fromString(uuid).toRfc4122();
    qint64 ms = 0;
    for (int i = 0; i < 6; ++i)
        ms = (ms << 8) | uchar(bytes[i]);
    return {uuid, QDateTime::fromMSecsSinceEpoch(ms).toUTC()};
}

} // namespace Tincan
