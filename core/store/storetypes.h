#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

// Plain records and enums shared by the store's repositories. The numeric values are stored in
// the database: never renumber them, only append. The enums are in the meta-object system so
// that QML names them (qml/qmlenums.h: Core.Blocked, Core.Read) instead of comparing numbers.
namespace Tincan {
Q_NAMESPACE

enum class Trust
{
    Unverified = 0,
    Verified = 1,
    Blocked = 2
};
Q_ENUM_NS(Trust)

enum class ConversationKind
{
    Direct = 0,
    Group = 1
};
Q_ENUM_NS(ConversationKind)

// A conversation opened by a message from someone who is not a contact starts Pending.
enum class RequestState
{
    Accepted = 0,
    Pending = 1,
    Ignored = 2
};
Q_ENUM_NS(RequestState)

enum class MessageKind
{
    Text = 0,
    Event = 1,
    File = 2
};
Q_ENUM_NS(MessageKind)

// Ordered: state only ever moves to a larger value. Failed sits below Queued so that a late
// acknowledgement (or a retry) still moves a failed message forward. Deposited (a mailbox holds
// it for the offline recipient) came in schema 8, which moved Delivered and Read up by one: the
// one renumbering, made by that migration.
enum class MessageState
{
    Failed = -1,
    Queued = 0,
    Sent = 1,
    Deposited = 2,
    Delivered = 3,
    Read = 4
};
Q_ENUM_NS(MessageState)

// What an outbox row carries to one recipient. A (message, recipient, kind) triple is unique:
// queueing the same kind again replaces the pending payload (the latest edit wins).
enum class OutboxKind
{
    Message = 0,
    Edit = 1,
    Delete = 2,
    ReadReceipt = 3
};

enum class GroupRole
{
    Member = 0,
    Admin = 1,
    Creator = 2
};
Q_ENUM_NS(GroupRole)

struct PeerRecord
{
    QString id; // 64 lowercase hex characters (certificate fingerprint)
    QString name;
    QString alias;
    Trust trust = Trust::Unverified;
    QByteArray certificate; // DER
    QStringList addresses;  // "host:port", most recent first
    QDateTime lastSeen;     // invalid: never seen
    QByteArray avatar;
    bool isContact = false;
    QString accountId;      // the account whose device list names this device; empty: not known yet
    bool reachById = false; // reached over the internet by id (ICE), so sought by id again

    // The one rule for showing a peer: the user's alias, else the name it chose, else the
    // first 8 hex digits of its id. Every front end and every event line uses it, also for a
    // conversation (its title, else its peer's name, else its id) and a name heard on the LAN.
    QString displayName() const { return displayNameOf(id, alias, name); }
    static QString displayNameOf(const QString &id, const QString &alias, const QString &name)
    {
        return !alias.isEmpty() ? alias : !name.isEmpty() ? name : id.left(8);
    }
};

struct ConversationRecord
{
    QString id; // the peer id for a direct conversation, a UUID for a group
    ConversationKind kind = ConversationKind::Direct;
    QString title;
    QString peerId; // direct only
    QDateTime createdAt;
    QDateTime lastActivity;
    int unread = 0;
    RequestState requestState = RequestState::Accepted;
};

struct GroupMember
{
    QString peerId;
    GroupRole role = GroupRole::Member;
    QString addedBy;
    QDateTime addedAt;
};

struct MessageRecord
{
    qint64 seq = 0; // local insertion order; differs between machines
    QString uuid;   // canonical lowercase UUID without braces; the same on every machine
    QString conversationId;
    QString senderId;
    bool outgoing = false;
    QDateTime sentAt; // sender's clock, clamped (see MessageStore); the order key
    QDateTime receivedAt;
    QString body;
    MessageKind kind = MessageKind::Text;
    MessageState state = MessageState::Queued;
    QDateTime editedAt; // invalid: never edited
    bool deleted = false;
    QString replyTo;
};

// The position of a message in a conversation's history; pages are strictly before it.
struct HistoryCursor
{
    qint64 sentAtMs = 0;
    QString uuid;

    static HistoryCursor at(const MessageRecord &message);
    // "ms:uuid", for the bridge and the UI to hand back unchanged.
    QString toString() const;
    static std::optional<HistoryCursor> fromString(const QString &text);
};

struct HistoryPage
{
    QList<MessageRecord> messages;     // newest first
    std::optional<HistoryCursor> next; // set when older messages exist
};

// The name of a delivery state wherever one is written out (the API, history exports):
// "failed", "queued", "sent", "deposited", "delivered" or "read".
QString messageStateName(MessageState state);

// Validation and canonical forms used at every entry point, so that dedup compares like with like.
bool isValidPeerId(const QString &id);
// Returns the canonical form ("xxxxxxxx-xxxx-...", lowercase, no braces) or an empty string.
QString canonicalUuid(const QString &text);
QString newUuid(); // time-ordered (UUIDv7)
// The id of a new message by authorId: time-ordered like newUuid(), but UUID version 8 whose
// last 32 bits are a hash of the author and the rest, so that nobody else can send a message
// under that id (messageid.cpp, docs/protocol.md "Message ids").
QString newMessageUuid(const QString &authorId);
// Whether a received message's id may come from authorId: a version 8 id must carry the
// author's tag; ids of other versions, made before ids were bound, pass.
bool isMessageUuidOf(const QString &uuid, const QString &authorId);

} // namespace Tincan
