#include "grouplog.h"

#include "groupeventline.h"

#include "store/conversationrepository.h"
#include "store/database.h"
#include "store/messagestore.h"
#include "store/outbox.h"
#include "store/sqlsupport.h"
#include "store/transaction.h"
#include "util/logging.h"

#include <QSqlQuery>
#include <QUuid>

namespace Tincan {

namespace {
// Event messages get a uuid derived from the event id: the same on every member, and a second
// fold of the same event cannot insert it twice.
const QUuid EventMessageNamespace = QUuid::fromString(u"6f1c1f8e-9a51-4c39-9a43-4b0f7d4e2a11");

QString eventMessageUuid(const QString &eventId)
{
    return QUuid::createUuidV5(EventMessageNamespace, eventId).toString(QUuid::WithoutBraces);
}

// What the history keeps of an applied event: structured, put into words when shown.
GroupEventLine eventLineOf(const FoldStep &step)
{
    GroupEventLine line{step.event.op, step.event.actor, {}, step.event.name};
    for (const QString &peer : step.changed) {
        if (peer != step.event.actor) // "Ada added you", never "Ada added Ada"
            line.targets << peer;
    }
    return line;
}
} // namespace

bool GroupApplyResult::membersChanged() const
{
    if (before.members.keys() != after.members.keys())
        return true;
    for (auto it = after.members.cbegin(); it != after.members.cend(); ++it) {
        if (before.members.value(it.key()).role != it->role)
            return true;
    }
    return false;
}

GroupLog::GroupLog(Database &db, QString selfId)
    : m_db(db)
    , m_selfId(std::move(selfId))
{}

std::optional<QList<GroupEvent>> GroupLog::events(const QString &groupId) const
{
    QSqlQuery query(m_db.connection());
    if (!Sql::run(query, QStringLiteral("SELECT id, payload FROM group_events WHERE group_id = ?"),
                  {groupId}))
        return std::nullopt;
    QList<GroupEvent> events;
    while (query.next()) {
        // Verified when stored, and once more when first read by this process, so that a
        // tampered file stays harmless; after that the verified copy serves.
        const QString id = query.value(0).toString();
        if (const auto known = m_verified.constFind(id); known != m_verified.constEnd()) {
            events << *known;
            continue;
        }
        QString why;
        ++m_verifications;
        auto event = parseGroupEvent(query.value(1).toByteArray(), &why);
        if (event && event->id != id)
            why = QStringLiteral("its id is not the hash of its body");
        if (!event || event->id != id) {
            qCWarning(lcStore).noquote() << "ignoring a stored group event:" << why;
            continue;
        }
        m_verified.insert(id, *event);
        events << *event;
    }
    return events;
}

std::optional<GroupState> GroupLog::state(const QString &groupId) const
{
    auto list = events(groupId);
    if (!list)
        return std::nullopt;
    return foldGroup(*list);
}

std::optional<QStringList> GroupLog::groups() const
{
    QSqlQuery query(m_db.connection());
    if (!Sql::run(query, QStringLiteral("SELECT DISTINCT group_id FROM group_events")))
        return std::nullopt;
    QStringList ids;
    while (query.next())
        ids << query.value(0).toString();
    return ids;
}

GroupApplyResult GroupLog::apply(const QString &groupId, const QList<GroupEvent> &incoming,
                                 const Accept &accept, const Invitation &invitation)
{
    GroupApplyResult result;
    Transaction transaction(m_db.connection());
    auto known = events(groupId);
    if (!transaction.isActive() || !known)
        return result;
    result.before = foldGroup(*known);
    QSet<QString> knownIds;
    for (const GroupEvent &event : std::as_const(*known))
        knownIds.insert(event.id);
    QSet<QString> newIds;
    QList<GroupEvent> all = *known;
    for (const GroupEvent &event : incoming) {
        if (event.group != groupId || knownIds.contains(event.id) || newIds.contains(event.id))
            continue;
        newIds.insert(event.id);
        all << event;
    }
    if (newIds.isEmpty()) {
        result.after = result.before;
        result.status = GroupApplyResult::Unchanged;
        return result;
    }
    result.after = foldGroup(all);
    if (!accept(result.after)) {
        result.status = GroupApplyResult::Refused;
        return result;
    }
    // Events that count for nothing are kept, since a later event may name them, but a former
    // member gets room for only a few of them: it cannot grow the log every member keeps.
    QHash<QString, int> unapplied; // by actor, among the events kept
    bool dropped = false;
    for (const FoldStep &step : std::as_const(result.after.steps)) {
        const bool isNew = newIds.contains(step.event.id);
        if (step.applied || result.after.isMember(step.event.actor)) {
            if (isNew)
                result.added << step.event;
            continue;
        }
        if (++unapplied[step.event.actor] <= MaxUnappliedPerFormerMember) {
            if (isNew)
                result.added << step.event;
        } else if (isNew) {
            dropped = true;
        }
    }
    if (dropped) {
        qCInfo(lcStore).noquote() << "dropping events of former members of" << groupId
                                  << "that count for nothing: they have used their room";
        if (result.added.isEmpty()) {
            result.after = result.before;
            result.status = GroupApplyResult::Unchanged;
            return result;
        }
        result.after = foldGroup(QList<GroupEvent>(*known) << result.added);
    }
    QSqlQuery insert(m_db.connection());
    if (!Sql::prepare(insert, QStringLiteral(R"(
            INSERT INTO group_events (id, group_id, lamport, actor, payload, received_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING)")))
        return result;
    ConversationRepository conversations(m_db, m_selfId);
    if (!conversations.find(groupId) &&
        !conversations.createGroup(result.after.name, {}, groupId,
                                   invitation ? invitation(result.after) : RequestState::Accepted))
        return result;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const GroupEvent &event : std::as_const(result.added)) {
        if (!Sql::exec(insert,
                       {event.id, groupId, event.lamport, event.actor, event.payload(), now}))
            return result;
    }
    if (!writeProjection(groupId, result) || !insertEventMessages(groupId, result, newIds))
        return result;
    QStringList removed;
    for (const QString &peer : result.before.members.keys()) {
        if (!result.after.isMember(peer))
            removed << peer;
    }
    if (!result.after.isMember(m_selfId)) // we are out: stop retrying to everyone
        removed = result.before.members.keys();
    if (!failRemovedPending(groupId, removed) || !transaction.commit())
        return result;
    for (const GroupEvent &event : std::as_const(result.added))
        m_verified.insert(event.id, event); // the caller verified it (parseGroupEvent, sign)
    result.status = GroupApplyResult::Applied;
    return result;
}

bool GroupLog::writeProjection(const QString &groupId, const GroupApplyResult &result)
{
    ConversationRepository conversations(m_db, m_selfId);
    const auto current = conversations.members(groupId);
    if (!current)
        return false;
    for (const GroupMember &member : *current) {
        if (!result.after.isMember(member.peerId) &&
            !conversations.removeMember(groupId, member.peerId))
            return false;
    }
    for (const GroupMember &member : result.after.members) {
        if (!conversations.addMember(groupId, member))
            return false;
    }
    const auto record = conversations.find(groupId);
    return record && (record->title == result.after.name ||
                      conversations.setTitle(groupId, result.after.name));
}

bool GroupLog::insertEventMessages(const QString &groupId, GroupApplyResult &result,
                                   const QSet<QString> &newIds)
{
    QSqlQuery insert(m_db.connection());
    // Read: an event line is not unread mail and must not send read receipts.
    if (!Sql::prepare(insert, QStringLiteral(R"(
            INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, sender_ts,
                                  received_at, body, kind, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1, %1) ON CONFLICT(uuid) DO NOTHING)")
                                  .arg(int(MessageState::Read))))
        return false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const FoldStep &step : std::as_const(result.after.steps)) {
        if (!step.applied || !newIds.contains(step.event.id))
            continue;
        MessageRecord m;
        m.uuid = eventMessageUuid(step.event.id);
        m.conversationId = groupId;
        m.senderId = step.event.actor;
        m.outgoing = step.event.actor == m_selfId;
        m.receivedAt = now;
        m.sentAt = MessageStore::clampSentAt(step.event.ts, now);
        m.body = eventLineOf(step).encode();
        m.kind = MessageKind::Event;
        m.state = MessageState::Read;
        if (!Sql::exec(insert, {m.uuid, groupId, m.senderId, int(m.outgoing),
                                m.sentAt.toMSecsSinceEpoch(), now.toMSecsSinceEpoch(), m.body}))
            return false;
        if (insert.numRowsAffected() == 1) {
            m.seq = insert.lastInsertId().toLongLong();
            result.eventMessages << m;
        }
    }
    return true;
}

bool GroupLog::failRemovedPending(const QString &groupId, const QStringList &removed)
{
    Outbox outbox(m_db);
    for (const QString &peer : removed) {
        if (peer == m_selfId)
            continue;
        // A removed member gets nothing more, not even what was queued before its removal.
        const auto pending = outbox.pendingFor(peer, 100000);
        if (!pending)
            return false;
        QStringList uuids;
        for (const OutboxEntry &entry : *pending) {
            if (entry.message.conversationId == groupId)
                uuids << entry.messageUuid;
        }
        if (!uuids.isEmpty() && !outbox.markFailed(peer, uuids))
            return false;
    }
    return true;
}

} // namespace Tincan
