#pragma once

#include "grouplog.h"

#include <QCborMap>
#include <QObject>

#include <optional>

namespace Tincan {

class Database;
class Identity;
class Messenger;
class PeerRepository;
class SessionManager;

// "Delivered to 3 of 4": the per-member receipts of one outgoing message, summed up.
struct DeliverySummary
{
    int total = 0;     // recipients
    int delivered = 0; // delivered or read
    int read = 0;
    int failed = 0;
    QString text() const;
};

// Why the last change through GroupManager was not made, for callers that answer with a status
// (the bridge: 404, 409, 400, 500).
enum class GroupFailure
{
    None,
    UnknownGroup, // no log of that group here
    NotAllowed,   // the fold would not apply it: not a member, not an admin, or no change
    Invalid,      // the event could not be made (bad name or targets)
    Storage       // the store failed
};

// Groups whose membership every member agrees on (docs/protocol.md, "Groups"): membership
// changes are signed events, the member list is a deterministic fold over all of them, and new
// events spread to every member online at once and to the others when their session comes up.
// Group messages themselves travel through Messenger's outbox to the members of the moment.
class GroupManager : public QObject
{
    Q_OBJECT
public:
    GroupManager(SessionManager &sessions, Messenger &messenger, Database &db,
                 const Identity &identity, PeerRepository &peers, QObject *parent = nullptr);

    // Each returns false / nullopt with *error when the change is not allowed or fails.
    std::optional<QString> createGroup(const QString &name, const QStringList &memberIds,
                                       QString *error);
    bool invite(const QString &groupId, const QStringList &peerIds, QString *error);
    bool remove(const QString &groupId, const QString &peerId, QString *error);
    bool leave(const QString &groupId, QString *error);
    bool rename(const QString &groupId, const QString &name, QString *error);
    bool promote(const QString &groupId, const QString &peerId, QString *error);

    GroupFailure lastFailure() const { return m_lastFailure; }

    QStringList groups() const; // every group with a log here, member or not
    QList<GroupMember> members(const QString &groupId) const; // empty if unknown
    bool isMember(const QString &groupId, const QString &peerId) const;
    std::optional<GroupState> state(const QString &groupId) const { return m_log.state(groupId); }
    DeliverySummary deliverySummary(const QString &messageUuid) const;
    // Signatures of stored events checked so far, each event once per process (for tests).
    int storedEventVerifications() const { return m_log.verifications(); }

Q_SIGNALS:
    void membersChanged(const QString &groupId);
    // Anything about the group changed (members, roles, name), once per batch of events.
    void groupChanged(const QString &groupId);

private:
    bool author(const QString &groupId, GroupEvent draft, QString *error);
    void publish(const QString &groupId, const GroupApplyResult &result, const QString &relay);
    void onEvents(const QString &peerId, const QCborMap &message);
    void onSync(const QString &peerId, const QCborMap &message);
    void onPeerConnected(const QString &peerId);
    void sendLog(const QString &peerId, const QString &groupId, const QList<GroupEvent> &events);
    // The member (or ex-member) a device speaks for (#18): itself, or the device of the same
    // person that is in the group. For this person, whichever of its own devices is.
    QString memberFor(const GroupState &state, const QString &deviceId) const;
    // Every device of the people in ids but this one, and this person's other devices.
    QStringList devicesOf(const QSet<QString> &ids) const;

    SessionManager &m_sessions;
    Messenger &m_messenger;
    const Identity &m_identity;
    PeerRepository &m_peers;
    QString m_selfId;
    GroupLog m_log;
    GroupFailure m_lastFailure = GroupFailure::None;
};

// The events of state a peer may see: all of them for a member; for anyone else only the
// prefix up to the last event that concerned it, which is all it needs to fold itself out.
QList<GroupEvent> visibleEvents(const GroupState &state, const QString &peerId);

} // namespace Tincan
