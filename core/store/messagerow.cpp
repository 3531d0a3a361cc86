#include "messagerow.h"

#include "sqlsupport.h"

namespace Tincan::MessageRow {

const QString &columns()
{
    static const QString list = QStringLiteral(
        "m.seq, m.uuid, m.conversation_id, m.sender_id, m.outgoing, m.sender_ts, m.received_at, "
        "m.body, m.kind, m.state, m.edited_at, m.deleted, m.reply_to");
    return list;
}

MessageRecord read(const QSqlQuery &query, int first)
{
    MessageRecord message;
    message.seq = query.value(first).toLongLong();
    message.uuid = query.value(first + 1).toString();
    message.conversationId = query.value(first + 2).toString();
    message.senderId = query.value(first + 3).toString();
    message.outgoing = query.value(first + 4).toBool();
    message.sentAt = Sql::fromMs(query.value(first + 5).toLongLong());
    message.receivedAt = Sql::fromMs(query.value(first + 6).toLongLong());
    message.body = query.value(first + 7).toString();
    message.kind = static_cast<MessageKind>(query.value(first + 8).toInt());
    message.state = static_cast<MessageState>(query.value(first + 9).toInt());
    message.editedAt = Sql::fromMs(query.value(first + 10));
    message.deleted = query.value(first + 11).toBool();
    message.replyTo = query.value(first + 12).toString();
    return message;
}

} // namespace Tincan::MessageRow
