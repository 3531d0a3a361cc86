#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace Tincan {

class Identity;

// One signed change to a group's membership (docs/protocol.md, "Groups"). The author signs the
// exact CBOR bytes of `body`; the event id is the SHA-256 of those bytes, so an id names one
// content forever, whatever signature (ECDSA is randomised) travels with it.
enum class GroupOp
{
    Create,
    Add,
    Remove,
    Leave,
    Rename,
    Promote
};

struct GroupEvent
{
    // The signed content.
    GroupOp op = GroupOp::Add;
    QString group;
    QString actor;
    QStringList targets;
    QString name; // create and rename
    qint64 lamport = 0;
    QDateTime ts;
    QStringList prev; // ids of the newest events the author knew: causal hint, not checked
    QByteArray nonce; // create only: group = groupIdFor(actor, nonce)

    // Filled by sign() or parse().
    QString id;
    QByteArray body;
    QByteArray signature;
    QByteArray certificate; // the actor's certificate, DER

    // CBOR {body, sig, cert}: what is stored and sent.
    QByteArray payload() const;
};

inline constexpr int MaxGroupTargets = 256;
inline constexpr int MaxGroupNameLength = 128;
inline constexpr qint64 MaxLamport = qint64(1) << 53;
// How far past the newest event it names an event's Lamport time may be. An honest member
// writes one more than the newest it folded, which its prev (heads) cover; a larger jump could
// only push the clock towards MaxLamport, where nobody could write anything any more.
inline constexpr qint64 MaxLamportStep = qint64(1) << 16;
// How many events that the fold does not apply a group's log keeps per former member (beyond
// them, its new ones are dropped): room for honest races with its own removal, not for spam.
inline constexpr int MaxUnappliedPerFormerMember = 16;

QString groupOpName(GroupOp op);
std::optional<GroupOp> groupOpFromName(const QString &name);

// The group id a creator derives from its create event's nonce. Binding the id to the creator
// means nobody else can author a valid create for it, so a group cannot be hijacked by a
// competing create.
QString groupIdFor(const QString &creatorId, const QByteArray &nonce);

// Encodes the content, signs it with the identity (which must be the actor's) and fills id,
// body, signature and certificate. nullopt if the content is invalid or signing fails.
std::optional<GroupEvent> signGroupEvent(const Identity &identity, GroupEvent event);

// Parses and verifies a payload: the certificate's key must be the actor's id and must have
// signed the body; every field is range-checked. nullopt (with *why) otherwise.
std::optional<GroupEvent> parseGroupEvent(const QByteArray &payload, QString *why = nullptr);

// The fold order: (lamport, actor, id), the same on every machine.
bool foldsBefore(const GroupEvent &a, const GroupEvent &b);

} // namespace Tincan
