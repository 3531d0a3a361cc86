#include "messagestamp.h"

#include <QMutex>
#include <QRandomGenerator>
#include <QUuid>

namespace Tincan {

MessageStamp nextMessageStamp()
{
    static QMutex mutex;
    static qint64 lastMs = 0;
    static quint16 counter = 0; // 12 bits
    QMutexLocker lock(&mutex);

    qint64 ms = QDateTime::currentMSecsSinceEpoch();
    if (ms <= lastMs) {
        // Same millisecond, or the clock stepped back: stay on the last one and count up.
        ms = lastMs;
        if (++counter > 0x0fff) {
            ++ms;
            counter = 0;
        }
    } else {
        counter = 0;
    }
    lastMs = ms;

    QByteArray bytes(16, Qt::Uninitialized);
    auto *b = reinterpret_cast<uchar *>(bytes.data());
    for (int i = 0; i < 6; ++i)
        b[i] = uchar(ms >> (8 * (5 - i)));
    b[6] = uchar(0x70 | (counter >> 8));
    b[7] = uchar(counter & 0xff);
    const quint64 random = QRandomGenerator::system()->generate64();
    for (int i = 0; i < 8; ++i)
        b[8 + i] = uchar(random >> (8 * i));
    b[8] = uchar(0x80 | (b[8] & 0x3f)); // RFC variant
    const QString uuid = QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
    return {uuid, QDateTime::fromMSecsSinceEpoch(ms).toUTC()};
}

} // namespace Tincan
