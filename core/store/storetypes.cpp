#include "storetypes.h"

#include "crypto/fingerprint.h"

#include <QMutex>
#include <QRandomGenerator>
#include <QUuid>

#include <array>

namespace Tincan {

bool isValidPeerId(const QString &id)
{
    return isNodeId(id);
}

QString canonicalUuid(const QString &text)
{
    const QUuid uuid = QUuid::fromString(text);
    if (uuid.isNull())
        return {};
    return uuid.toString(QUuid::WithoutBraces);
}

QString newUuid()
{
    // UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a counter that keeps uuids made in
    // the same millisecond in creation order, then random bits. Time order keeps the uuid index
    // append-only, where random (v4) uuids dirty a random index page per message; it also makes
    // the tie-breaker of equal timestamps follow the order the sender wrote in.
    static QBasicMutex mutex;
    static qint64 lastMs = 0;
    static quint16 counter = 0;
    qint64 ms = QDateTime::currentMSecsSinceEpoch();
    {
        QMutexLocker lock(&mutex);
        if (ms <= lastMs) {
            ms = lastMs;
            if (++counter > 0x0fff) { // counter exhausted: borrow the next millisecond
                ++ms;
                counter = 0;
            }
        } else {
            counter = 0;
        }
        lastMs = ms;
    }
    std::array<quint32, 2> random;
    QRandomGenerator::global()->fillRange(random.data(), random.size());
    QByteArray bytes(16, Qt::Uninitialized);
    for (int i = 0; i < 6; ++i)
        bytes[i] = static_cast<char>((ms >> (40 - 8 * i)) & 0xff);
    bytes[6] = static_cast<char>(0x70 | ((counter >> 8) & 0x0f));
    bytes[7] = static_cast<char>(counter & 0xff);
    for (int i = 0; i < 8; ++i)
        bytes[8 + i] = static_cast<char>((random[i / 4] >> (8 * (i % 4))) & 0xff);
    bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

HistoryCursor HistoryCursor::at(const MessageRecord &message)
{
    return {message.sentAt.toMSecsSinceEpoch(), message.uuid};
}

QString HistoryCursor::toString() const
{
    return QString::number(sentAtMs) + QLatin1Char(':') + uuid;
}

std::optional<HistoryCursor> HistoryCursor::fromString(const QString &text)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return std::nullopt;
    bool ok = false;
    const qint64 ms = text.left(colon).toLongLong(&ok);
    const QString uuid = canonicalUuid(text.mid(colon + 1));
    if (!ok || uuid.isEmpty())
        return std::nullopt;
    return HistoryCursor{ms, uuid};
}

QString messageStateName(MessageState state)
{
    switch (state) {
    case MessageState::Failed:
        return QStringLiteral("failed");
    case MessageState::Queued:
        return QStringLiteral("queued");
    case MessageState::Sent:
        return QStringLiteral("sent");
    case MessageState::Deposited:
        return QStringLiteral("deposited");
    case MessageState::Delivered:
        return QStringLiteral("delivered");
    case MessageState::Read:
        return QStringLiteral("read");
    }
    return QStringLiteral("queued");
}

} // namespace Tincan
