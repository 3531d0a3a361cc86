#include "conversationrow.h"

#include "sqlsupport.h"

namespace Tincan::ConversationRow {

// "state < 4" below is "not yet Read", spelled as messages_unread's WHERE (migration 8) so
// that SQLite uses that partial index.
static_assert(int(MessageState::Read) == 4);

const QString &columns()
{
    static const QString list = QStringLiteral("c.id, c.kind, c.title, c.peer_id, c.created_at, "
                                               "c.last_activity, c.unread, c.request_state");
    return list;
}

ConversationRecord read(const QSqlQuery &query, int first)
{
    ConversationRecord conversation;
    conversation.id = query.value(first).toString();
    conversation.kind = static_cast<ConversationKind>(query.value(first + 1).toInt());
    conversation.title = query.value(first + 2).toString();
    conversation.peerId = query.value(first + 3).toString();
    conversation.createdAt = Sql::fromMs(query.value(first + 4).toLongLong());
    conversation.lastActivity = Sql::fromMs(query.value(first + 5).toLongLong());
    conversation.unread = query.value(first + 6).toInt();
    conversation.requestState = static_cast<RequestState>(query.value(first + 7).toInt());
    return conversation;
}

bool recountUnread(const QSqlDatabase &db, const QString &conversationId)
{
    QSqlQuery query(db);
    return Sql::run(query, QStringLiteral(R"(
        UPDATE conversations SET unread = (
            SELECT count(*) FROM messages
            WHERE conversation_id = ? AND outgoing = 0 AND state < 4 AND deleted = 0)
        WHERE id = ?)"),
                    {conversationId, conversationId});
}

} // namespace Tincan::ConversationRow
