#include "historyexport.h"

#include "conversationrepository.h"
#include "database.h"
#include "groups/groupeventline.h"
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

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// Streams the conversation's messages oldest first.
bool forEachMessage(Database &db, const QString &conversationId,
                    const std::function<void(const MessageRecord &)> &visit)
{
    const QString sql = QStringLiteral(R"(
        SELECT %1 FROM messages m WHERE m.conversation_id = ? ORDER BY m.sender_ts, m.uuid)")
                            .arg(MessageRow::columns());
    QSqlQuery query(db.connection());
    if (!Sql::run(query, sql, {conversationId}))
        return false;
    while (query.next())
        visit(MessageRow::read(query));
    return true;
}

} // namespace

HistoryExport::HistoryExport(Database &db, QString selfId, NameOf nameOf)
    : m_db(db)
    , m_selfId(std::move(selfId))
    , m_nameOf(std::move(nameOf))
{}

QString HistoryExport::bodyOf(const MessageRecord &m) const
{
    return m.kind == MessageKind::Event ? describeGroupEventLine(m.body, m_selfId, m_nameOf)
                                        : m.body;
}

std::optional<QByteArray> HistoryExport::toJson(const QString &conversationId) const
{
    const auto conversation = ConversationRepository(m_db, m_selfId).find(conversationId);
    if (!conversation)
        return std::nullopt;
    QJsonArray messages;
    const bool ok = forEachMessage(m_db, conversationId, [&](const MessageRecord &m) {
        QJsonObject object{
            {QStringLiteral("uuid"), m.uuid},
            {QStringLiteral("sender"), m.senderId},
            {QStringLiteral("senderName"), m_nameOf(m.outgoing ? m_selfId : m.senderId)},
            {QStringLiteral("outgoing"), m.outgoing},
            {QStringLiteral("sentAt"), isoTime(m.sentAt)},
            {QStringLiteral("receivedAt"), isoTime(m.receivedAt)},
            {QStringLiteral("kind"), QLatin1String(kindNames[static_cast<int>(m.kind)])},
            {QStringLiteral("state"), messageStateName(m.state)},
            {QStringLiteral("body"), bodyOf(m)},
            {QStringLiteral("deleted"), m.deleted},
        };
        if (const auto line =
                m.kind == MessageKind::Event ? GroupEventLine::decode(m.body) : std::nullopt)
            object.insert(QStringLiteral("event"), line->toJson());
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
    const bool ok = forEachMessage(m_db, conversationId, [&](const MessageRecord &m) {
        text += QLatin1Char('[') +
                m.sentAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
                QStringLiteral(" UTC] ") + m_nameOf(m.outgoing ? m_selfId : m.senderId) +
                QStringLiteral(": ");
        if (m.deleted) {
            text += QStringLiteral("(message deleted)");
        } else {
            text += bodyOf(m).replace(QLatin1Char('\n'), QStringLiteral("\n    "));
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
