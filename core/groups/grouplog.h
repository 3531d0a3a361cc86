#pragma once

#include "groupfold.h"

#include <functional>
#include <optional>

namespace Tincan {

class Database;

// What one apply() did.
struct GroupApplyResult
{
    enum Status
    {
        Applied,
        Unchanged,
        Refused,
        Failed
    } status = Failed;
    QList<GroupEvent> added; // events that were new here, in fold order
    GroupState before;
    GroupState after;
    QList<MessageRecord> eventMessages; // "X added Y" rows inserted for newly applied events
    bool membersChanged() const;
};

// The per-group event logs in the store (table group_events) and their projection into
// conversations / group_members, so that MessageStore's membership checks and Messenger's
// recipients always follow the fold.
class GroupLog
{
public:
    using Accept = std::function<bool(const GroupState &after)>;
    // The request state of a group conversation this apply creates (an invitation).
    using Invitation = std::function<RequestState(const GroupState &after)>;

    GroupLog(Database &db, QString selfId);

    // The stored events, each verified once per process: a read (every gsync, every session
    // start) checks no signature twice (docs/security.md, "Groups").
    std::optional<QList<GroupEvent>> events(const QString &groupId) const;
    std::optional<GroupState> state(const QString &groupId) const;
    std::optional<QStringList> groups() const; // every group with a log

    // Signatures of stored events checked so far (each event once): for tests.
    int verifications() const { return m_verifications; }

    // In one transaction: stores the events not yet known (of those the fold does not apply, at
    // most MaxUnappliedPerFormerMember per former member), folds the whole log and, if
    // accept(after) agrees, writes the conversation (created if new), its title, members and
    // an Event message per newly applied event; pending outbox entries of group messages to
    // peers no longer members are marked failed. Refused and Unchanged commit nothing.
    // A conversation created here starts in invitation(after), accepted without one.
    GroupApplyResult apply(const QString &groupId, const QList<GroupEvent> &incoming,
                           const Accept &accept, const Invitation &invitation = {});

private:
    bool writeProjection(const QString &groupId, const GroupApplyResult &result);
    bool insertEventMessages(const QString &groupId, GroupApplyResult &result,
                             const QSet<QString> &newIds);
    bool failRemovedPending(const QString &groupId, const QStringList &removed);

    Database &m_db;
    QString m_selfId;
    // By event id (the hash of the signed body, so one id is one content): what was verified.
    mutable QHash<QString, GroupEvent> m_verified;
    mutable int m_verifications = 0;
};

} // namespace Tincan
