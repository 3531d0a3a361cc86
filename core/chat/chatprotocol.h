#pragma once

#include "store/storetypes.h"

#include <QCborMap>
#include <QCborValue>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// Chat messages on the wire (docs/protocol.md, "Messaging"). Decoders validate every field and
// return nullopt for anything malformed; the sender's identity never comes from a payload but
// from the authenticated session.
namespace Tincan::ChatProtocol {

namespace Type {
inline const QString Message = QStringLiteral("msg");
inline const QString Edit = QStringLiteral("edit");
inline const QString Delete = QStringLiteral("del");
inline const QString Ack = QStringLiteral("ack");
inline const QString Read = QStringLiteral("read");
inline const QString Typing = QStringLiteral("typing");
} // namespace Type

inline constexpr int MaxBodyLength = 64 * 1024; // characters; a frame holds 1 MiB
inline constexpr int MaxIdsPerMessage = 1000;

// A message time on the wire (ms since the epoch), as every frame that carries one takes it;
// nullopt outside 2000–2200.
std::optional<QDateTime> timeOf(const QCborValue &value);

struct ChatMessage
{
    QString uuid;
    QString groupId; // empty for a direct message
    QDateTime sentAt;
    QString body;
    MessageKind kind = MessageKind::Text;
    QString replyTo;
    // Only between devices of one account (#18): a copy of a direct message the sender sent to
    // this device (its person's conversation). Never with a group id.
    QString copyTo;
};
QCborMap encodeMessage(const ChatMessage &message);
std::optional<ChatMessage> decodeMessage(const QCborMap &map);

struct Edit
{
    QString uuid;
    QString body;
    QDateTime editedAt;
};
QCborMap encodeEdit(const Edit &edit);
std::optional<Edit> decodeEdit(const QCborMap &map);

QCborMap encodeDelete(const QString &uuid);
std::optional<QString> decodeDelete(const QCborMap &map);

// Acknowledges what the receiver committed: (uuid, what) pairs.
struct AckItem
{
    QString uuid;
    OutboxKind kind = OutboxKind::Message;
};
QCborMap encodeAck(const QList<AckItem> &items);
std::optional<QList<AckItem>> decodeAck(const QCborMap &map);

QCborMap encodeRead(const QStringList &uuids);
std::optional<QStringList> decodeRead(const QCborMap &map);

struct Typing
{
    QString groupId;
    bool typing = false;
};
QCborMap encodeTyping(const Typing &typing);
std::optional<Typing> decodeTyping(const QCborMap &map);

} // namespace Tincan::ChatProtocol
