#include "historyexport.h"

#include "conversationrepository.h"
#include "database.h"
#include "messagerow.h"
#include "sqlsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <functional>

namespace Tincan {

namespace {

const char *const kindNames[] = {"text", "event", "file"};
const char *const stateNames[] = {"failed", "queued", "sent", "delivered", "read"};

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// Streams the conversation's messages oldest first, with the sender's display name.
bool forEachMessage(Database &db, const QString &conversationId,
                    const std::function<void(const MessageRecord &, const QString &)> &visit)
{
    const QString sql = QStringLiteral(R"(
        SELECT %1, coalesce(nullif(p.alias, ''), nullif(p.name, ''), m.sender_id)
        FROM messages m LEFT JOIN peers p ON p.id = m.sender_id
        WHERE m.conversation_id = ? ORDER BY m.sender_ts, m.uuid)")
                            .arg(MessageRow::columns());
    QSqlQuery query(db.connection());
    if (!Sql::run(query, sql, {conversationId}))
        return false;
    while (query.next())
        visit(MessageRow::read(query), query.value(MessageRow::columnCount).toString());
    return true;
}

} // namespace

HistoryExport::HistoryExport(Database &db, QString selfId, QString selfName)
    : m_db(db)
    , m_selfId(std::move(selfId))
    , m_selfName(std::move(selfName))
{}

std::optional<QByteArray> HistoryExport::toJson(const QString &conversationId) const
{
    const auto conversation = ConversationRepository(m_db, m_selfId).find(conversationId);
    if (!conversation)
        return std::nullopt;
    QJsonArray messages;
    const bool ok = forEachMessage(
        m_db, conversationId, [&](const MessageRecord &m, const QString &senderName) {
            QJsonObject object{
                {QStringLiteral("uuid"), m.uuid},
                {QStringLiteral("sender"), m.senderId},
                {QStringLiteral("senderName"), m.outgoing ? m_selfName : senderName},
                {QStringLiteral("outgoing"), m.outgoing},
                {QStringLiteral("sentAt"), isoTime(m.sentAt)},
                {QStringLiteral("receivedAt"), isoTime(m.receivedAt)},
                {QStringLiteral("kind"), QLatin1String(kindNames[static_cast<int>(m.kind)])},
                {QStringLiteral("state"), QLatin1String(stateNames[static_cast<int>(m.state) + 1])},
                {QStringLiteral("body"), m.body},
                {QStringLiteral("deleted"), m.deleted},
            };
            if (m.editedAt.isValid())
                object.insert(QStringLiteral("editedAt"), isoTime(m.editedAt));
            if (!m.replyTo.isEmpty())
                object.insert(QStringLiteral("replyTo"), m.replyTo);
            messages.append(object);
        });
    if (!ok)
        return std::nullopt;
    const QJsonObject head{
        {QStringLiteral("id"), conversation->id},
        {QStringLiteral("kind"), conversation->kind == ConversationKind::Direct
                                     ? QStringLiteral("direct")
                                     : QStringLiteral("group")},
        {QStringLiteral("title"), conversation->title},
        {QStringLiteral("createdAt"), isoTime(conversation->createdAt)},
    };
    const QJsonObject document{
        {QStringLiteral("format"), QStringLiteral("tincan-history")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("exportedAt"), isoTime(QDateTime::currentDateTimeUtc())},
        {QStringLiteral("conversation"), head},
        {QStringLiteral("messages"), messages},
    };
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

std::optional<QByteArray> HistoryExport::toText(const QString &conversationId) const
{
    QString text;
    const bool ok = forEachMessage(
        m_db, conversationId, [&](const MessageRecord &m, const QString &senderName) {
            text += QLatin1Char('[') +
                    m.sentAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
                    QStringLiteral(" UTC] ") + (m.outgoing ? m_selfName : senderName) +
                    QStringLiteral(": ");
            if (m.deleted) {
                text += QStringLiteral("(message deleted)");
            } else {
                text += QString(m.body).replace(QLatin1Char('\n'), QStringLiteral("\n    "));
                if (m.editedAt.isValid())
                    text += QStringLiteral(" (edited)");
            }
            text += QLatin1Char('\n');
        });
    if (!ok)
        return std::nullopt;
    return text.toUtf8();
}

} // namespace Tincan
