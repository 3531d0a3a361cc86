#include "conversationrepository.h"

#include "conversationrow.h"
#include "database.h"
#include "messagerow.h"
#include "sqlsupport.h"
#include "statement.h"
#include "transaction.h"
#include "util/logging.h"

#include <QSqlQuery>

namespace Tincan {

// "state < 4" and "state = 4" below are Read, spelled as messages_unread's WHERE (migration 8)
// so that SQLite uses that partial index.
static_assert(int(MessageState::Read) == 4);

namespace {

// Which request states a filter shows; All shows every state.
QString filterCondition(ConversationFilter filter)
{
    switch (filter) {
    case ConversationFilter::Inbox:
        return QStringLiteral("c.request_state = 0");
    case ConversationFilter::Requests:
        return QStringLiteral("c.request_state = 1");
    case ConversationFilter::Ignored:
        return QStringLiteral("c.request_state = 2");
    case ConversationFilter::All:
        break;
    }
    return QStringLiteral("1");
}

QString previewOf(const MessageRecord &message)
{
    if (message.deleted)
        return {};
    const QString firstLine = message.body.section(QLatin1Char('\n'), 0, 0);
    if (firstLine.size() <= ConversationRepository::previewLength)
        return firstLine;
    return firstLine.left(ConversationRepository::previewLength - 1) + QChar(0x2026);
}

} // namespace

ConversationRepository::ConversationRepository(Database &db, QString selfId)
    : m_db(db)
    , m_selfId(std::move(selfId))
{}

std::optional<ConversationRecord> ConversationRepository::find(const QString &id) const
{
    static const QString sql = QStringLiteral("SELECT %1 FROM conversations c WHERE c.id = ?")
                                   .arg(ConversationRow::columns());
    Sql::Statement query(m_db.connection(), sql);
    if (!query.exec({id}) || !query.next())
        return std::nullopt;
    return ConversationRow::read(query);
}

std::optional<ConversationRecord> ConversationRepository::direct(const QString &peerId,
                                                                 RequestState initialState)
{
    if (!isValidPeerId(peerId) || peerId == m_selfId) {
        qCWarning(lcStore).noquote() << "No direct conversation with" << peerId.left(80);
        return std::nullopt;
    }
    // Every message sent looks its conversation up here: reading first spares the common case a
    // savepoint and two writes.
    if (auto existing = findDirect(peerId))
        return existing;
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    Sql::Statement insertPeer(db, QStringLiteral("INSERT OR IGNORE INTO peers (id) VALUES (?)"));
    Sql::Statement insertConversation(db, QStringLiteral(R"(
        INSERT INTO conversations (id, kind, peer_id, created_at, last_activity, request_state)
        VALUES (?, 0, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING)"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!transaction.isActive() || !insertPeer.exec({peerId}) ||
        !insertConversation.exec({peerId, peerId, now, now, static_cast<int>(initialState)}))
        return std::nullopt;
    auto conversation = find(peerId);
    if (!conversation || !transaction.commit())
        return std::nullopt;
    return conversation;
}

std::optional<ConversationRecord> ConversationRepository::findDirect(const QString &deviceId) const
{
    if (auto own = find(deviceId); own && own->kind == ConversationKind::Direct)
        return own;
    return ofPerson(deviceId);
}

// A person is one conversation (#18): another device of the account may have it already, and
// the oldest one is the person's on every device that reaches it this way.
std::optional<ConversationRecord> ConversationRepository::ofPerson(const QString &deviceId) const
{
    static const QString sql = QStringLiteral(R"(
        SELECT %1 FROM peers d
        JOIN peers p ON p.account_id = d.account_id
        JOIN conversations c ON c.id = p.id AND c.kind = 0
        WHERE d.id = ? ORDER BY c.created_at, c.id LIMIT 1)")
                                   .arg(ConversationRow::columns());
    Sql::Statement query(m_db.connection(), sql);
    if (!query.exec({deviceId}) || !query.next())
        return std::nullopt;
    return ConversationRow::read(query);
}

std::optional<QList<ConversationSummary>>
ConversationRepository::list(ConversationFilter filter) const
{
    // The last message comes from the history index: the newest (sender_ts, uuid) per row.
    const QString sql =
        QStringLiteral(R"(
        SELECT %1, coalesce(nullif(c.title, ''), nullif(p.alias, ''), nullif(p.name, ''), c.id),
               %2
        FROM conversations c
        LEFT JOIN peers p ON p.id = c.peer_id
        LEFT JOIN messages m ON m.seq = (
            SELECT seq FROM messages WHERE conversation_id = c.id
            ORDER BY sender_ts DESC, uuid DESC LIMIT 1)
        WHERE %3
        ORDER BY c.last_activity DESC, c.id)")
            .arg(ConversationRow::columns(), MessageRow::columns(), filterCondition(filter));
    QSqlQuery query(m_db.connection());
    if (!Sql::run(query, sql))
        return std::nullopt;
    QList<ConversationSummary> summaries;
    while (query.next()) {
        ConversationSummary summary;
        summary.conversation = ConversationRow::read(query);
        summary.displayName = query.value(ConversationRow::columnCount).toString();
        const int messageColumn = ConversationRow::columnCount + 1;
        if (!query.isNull(messageColumn)) {
            summary.lastMessage = MessageRow::read(query, messageColumn);
            summary.preview = previewOf(*summary.lastMessage);
        }
        summaries << summary;
    }
    return summaries;
}

int ConversationRepository::totalUnread(ConversationFilter filter) const
{
    const QVariant total = Sql::scalar(
        m_db.connection(),
        QStringLiteral("SELECT coalesce(sum(c.unread), 0) FROM conversations c WHERE %1")
            .arg(filterCondition(filter)));
    return total.isValid() ? total.toInt() : -1;
}

int ConversationRepository::pendingRequestCount() const
{
    const QVariant count = Sql::scalar(
        m_db.connection(), QStringLiteral("SELECT count(*) FROM conversations c WHERE %1")
                               .arg(filterCondition(ConversationFilter::Requests)));
    return count.isValid() ? count.toInt() : -1;
}

bool ConversationRepository::accept(const QString &id)
{
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    QSqlQuery query(db);
    return transaction.isActive() && setRequestState(id, RequestState::Accepted) &&
           Sql::run(query, QStringLiteral(R"(
               UPDATE peers SET is_contact = 1
               WHERE id = (SELECT peer_id FROM conversations WHERE id = ?))"),
                    {id}) &&
           transaction.commit();
}

bool ConversationRepository::ignore(const QString &id)
{
    return setRequestState(id, RequestState::Ignored);
}

bool ConversationRepository::setRequestState(const QString &id, RequestState state)
{
    QSqlQuery query(m_db.connection());
    return Sql::run(query,
                    QStringLiteral("UPDATE conversations SET request_state = ? WHERE id = ?"),
                    {static_cast<int>(state), id}) &&
           query.numRowsAffected() == 1;
}

bool ConversationRepository::setTitle(const QString &id, const QString &title)
{
    QSqlQuery query(m_db.connection());
    return Sql::run(query, QStringLiteral("UPDATE conversations SET title = ? WHERE id = ?"),
                    {title, id}) &&
           query.numRowsAffected() == 1;
}

std::optional<QList<MessageRecord>> ConversationRepository::markRead(const QString &id,
                                                                     bool queueReceipts,
                                                                     const QStringList &ownDevices)
{
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    QSqlQuery query(db);
    // The conditions repeat the partial index messages_unread, and its order (seq) is the one
    // asked for: any other ORDER BY makes SQLite walk the conversation's whole history instead.
    const QString unreadSql = QStringLiteral(R"(
        SELECT %1 FROM messages m
        WHERE m.conversation_id = ? AND m.outgoing = 0 AND m.state < 4
        ORDER BY m.seq)")
                                  .arg(MessageRow::columns());
    if (!transaction.isActive() || !Sql::run(query, unreadSql, {id}))
        return std::nullopt;
    QList<MessageRecord> read;
    while (query.next()) {
        read << MessageRow::read(query);
        read.last().state = MessageState::Read;
    }
    query.finish();
    if (!Sql::run(query, QStringLiteral(R"(
            UPDATE messages SET state = 4
            WHERE conversation_id = ? AND outgoing = 0 AND state < 4)"),
                  {id}) ||
        !Sql::run(query, QStringLiteral("UPDATE conversations SET unread = 0 WHERE id = ?"), {id}))
        return std::nullopt;
    if ((queueReceipts || !ownDevices.isEmpty()) && !read.isEmpty()) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (!Sql::prepare(query, QStringLiteral(R"(
                INSERT INTO outbox (message_uuid, recipient_id, kind, created_at, next_attempt_at)
                VALUES (?, ?, 3, ?, ?) ON CONFLICT DO NOTHING)")))
            return std::nullopt;
        for (const MessageRecord &message : std::as_const(read)) {
            // The sender hears it only with the setting on; this person's other devices always
            // do, so that what was read here is read there (#18).
            QStringList to = ownDevices;
            if (queueReceipts && !message.deleted)
                to << message.senderId;
            for (const QString &recipient : std::as_const(to)) {
                if (!Sql::exec(query, {message.uuid, recipient, now, now}))
                    return std::nullopt;
            }
        }
    }
    if (!transaction.commit())
        return std::nullopt;
    return read;
}

std::optional<QStringList> ConversationRepository::markReadElsewhere(const QStringList &uuids,
                                                                     QStringList *notHere)
{
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    Sql::Statement unread(db, QStringLiteral("SELECT conversation_id FROM messages "
                                             "WHERE uuid = ? AND outgoing = 0 AND state < 4"));
    Sql::Statement read(db, QStringLiteral("UPDATE messages SET state = 4 WHERE uuid = ?"));
    if (!transaction.isActive())
        return std::nullopt;
    QStringList conversations;
    for (const QString &uuid : uuids) {
        if (!unread.exec({uuid}))
            return std::nullopt;
        if (!unread.next()) {
            if (notHere &&
                !Sql::scalar(db, QStringLiteral("SELECT 1 FROM messages WHERE uuid = ?"), {uuid})
                     .isValid())
                *notHere << uuid;
            continue; // read here already, or not here yet
        }
        const QString conversation = unread.value(0).toString();
        unread.finish();
        if (!read.exec({uuid}))
            return std::nullopt;
        if (!conversations.contains(conversation))
            conversations << conversation;
    }
    for (const QString &conversation : std::as_const(conversations)) {
        if (!ConversationRow::recountUnread(db, conversation))
            return std::nullopt;
    }
    if (!transaction.commit())
        return std::nullopt;
    return conversations;
}

std::optional<bool> ConversationRepository::isEmptyProfile() const
{
    const QVariant used = Sql::scalar(m_db.connection(), QStringLiteral(R"(
        SELECT EXISTS (SELECT 1 FROM messages) OR EXISTS (SELECT 1 FROM conversations) OR
               EXISTS (SELECT 1 FROM peers WHERE is_contact))"));
    if (!used.isValid())
        return std::nullopt;
    return !used.toBool();
}

bool ConversationRepository::clear(const QString &id)
{
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    QSqlQuery query(db);
    return transaction.isActive() &&
           Sql::run(query, QStringLiteral("DELETE FROM messages WHERE conversation_id = ?"),
                    {id}) &&
           Sql::run(query, QStringLiteral("UPDATE conversations SET unread = 0 WHERE id = ?"),
                    {id}) &&
           transaction.commit();
}

std::optional<ConversationRecord> ConversationRepository::createGroup(const QString &title,
                                                                      const QStringList &memberIds,
                                                                      const QString &id,
                                                                      RequestState initialState)
{
    const QString groupId = id.isEmpty() ? newUuid() : canonicalUuid(id);
    if (groupId.isEmpty()) {
        qCWarning(lcStore).noquote() << "Invalid group id" << id.left(80);
        return std::nullopt;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive() ||
        !Sql::run(query, QStringLiteral(R"(
               INSERT INTO conversations (id, kind, title, created_at, last_activity,
                                          request_state)
               VALUES (?, 1, ?, ?, ?, ?))"),
                  {groupId, title, now.toMSecsSinceEpoch(), now.toMSecsSinceEpoch(),
                   static_cast<int>(initialState)}) ||
        !addMember(groupId, {m_selfId, GroupRole::Creator, m_selfId, now}))
        return std::nullopt;
    for (const QString &member : memberIds) {
        if (member != m_selfId && !addMember(groupId, {member, GroupRole::Member, m_selfId, now}))
            return std::nullopt;
    }
    auto group = find(groupId);
    if (!group || !transaction.commit())
        return std::nullopt;
    return group;
}

bool ConversationRepository::addMember(const QString &groupId, const GroupMember &member)
{
    if (!isValidPeerId(member.peerId)) {
        qCWarning(lcStore).noquote() << "Invalid group member id" << member.peerId.left(80);
        return false;
    }
    QSqlQuery query(m_db.connection());
    return Sql::run(query, QStringLiteral(R"(
        INSERT INTO group_members (conversation_id, peer_id, role, added_by, added_at)
        SELECT id, ?, ?, ?, ? FROM conversations WHERE id = ? AND kind = 1
        ON CONFLICT(conversation_id, peer_id) DO UPDATE SET role = excluded.role)"),
                    {member.peerId, static_cast<int>(member.role), Sql::textOrNull(member.addedBy),
                     Sql::msOrNull(member.addedAt.isValid() ? member.addedAt
                                                            : QDateTime::currentDateTimeUtc()),
                     groupId}) &&
           query.numRowsAffected() == 1;
}

bool ConversationRepository::removeMember(const QString &groupId, const QString &peerId)
{
    QSqlQuery query(m_db.connection());
    return Sql::run(query,
                    QStringLiteral(
                        "DELETE FROM group_members WHERE conversation_id = ? AND peer_id = ?"),
                    {groupId, peerId}) &&
           query.numRowsAffected() == 1;
}

std::optional<QList<GroupMember>> ConversationRepository::members(const QString &groupId) const
{
    QSqlQuery query(m_db.connection());
    if (!Sql::run(query, QStringLiteral(R"(
            SELECT peer_id, role, added_by, added_at FROM group_members
            WHERE conversation_id = ? ORDER BY added_at, peer_id)"),
                  {groupId}))
        return std::nullopt;
    QList<GroupMember> members;
    while (query.next()) {
        members << GroupMember{query.value(0).toString(),
                               static_cast<GroupRole>(query.value(1).toInt()),
                               query.value(2).toString(), Sql::fromMs(query.value(3))};
    }
    return members;
}

} // namespace Tincan
