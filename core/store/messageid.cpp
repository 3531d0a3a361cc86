// Message ids bound to their author (docs/protocol.md, "Message ids"; #19 finding 6). A group
// member sees every member's message ids; were ids free to choose, it could send one first
// under its own name, and the real message would then be refused as a conflict everywhere.
#include "storetypes.h"

#include <QCryptographicHash>
#include <QUuid>

namespace Tincan {

namespace {
constexpr int TagOffset = 12;

QByteArray tagOf(const QByteArray &bytes, const QString &authorId)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("tincan-message-id-v1\0", 21));
    hash.addData(authorId.toLatin1());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(QByteArrayView(bytes).first(TagOffset));
    return hash.result().first(16 - TagOffset);
}
} // namespace

QString newMessageUuid(const QString &authorId)
{
    // newUuid()'s time order and counter, version 8, and the last 32 of its random bits
    // replaced by the tag: 30 random bits stay, so ids of one author never repeat even when
    // its clock steps back.
    QByteArray bytes = QUuid::fromString(newUuid()).toRfc4122();
    bytes[6] = char((bytes[6] & 0x0f) | 0x80);
    bytes.replace(TagOffset, 16 - TagOffset, tagOf(bytes, authorId));
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

bool isMessageUuidOf(const QString &uuid, const QString &authorId)
{
    const QUuid parsed = QUuid::fromString(uuid);
    if (parsed.isNull())
        return false;
    const QByteArray bytes = parsed.toRfc4122();
    if ((uchar(bytes[6]) >> 4) != 8)
        return true; // made before ids were bound (0.1): still queued in some outbox
    return bytes.mid(TagOffset) == tagOf(bytes, authorId);
}

} // namespace Tincan
