// The routes about conversations and messages: lists, history pages, sending, read, search.
#include "apihandler.h"
#include "apijson.h"
#include "chat/chatprotocol.h"
#include "chat/messenger.h"
#include "node/node.h"
#include "store/messagesearch.h"

#include <QJsonArray>

namespace Tincan {

namespace {
// A query parameter that must be a whole number in [min, max]; fallback when absent.
std::optional<int> intParameter(const ApiRequest &request, const QString &name, int fallback,
                                int min, int max, QString *error)
{
    if (!request.hasQueryValue(name))
        return fallback;
    bool ok = false;
    const int value = request.queryValue(name).toInt(&ok);
    if (!ok || value < min || value > max) {
        *error =
            QStringLiteral("'%1' must be a whole number from %2 to %3").arg(name).arg(min).arg(max);
        return std::nullopt;
    }
    return value;
}

ApiResponse noConversation(const QString &id)
{
    return ApiResponse::error(404, QStringLiteral("no such conversation: %1").arg(id));
}
} // namespace

ApiResponse ApiHandler::getConversations(Call &call)
{
    const auto filter = ApiJson::parseFilter(call.request.queryValue(QStringLiteral("filter")));
    if (!filter)
        return ApiResponse::error(400, QStringLiteral("'filter' must be all, inbox, requests or "
                                                      "ignored"));
    const auto list = m_node.messenger().conversations().list(*filter);
    if (!list)
        return ApiResponse::error(500, QStringLiteral("the conversations cannot be read"));
    QJsonArray conversations;
    for (const ConversationSummary &summary : *list)
        conversations.append(m_json.conversation(summary));
    return ApiResponse::ok({{QStringLiteral("conversations"), conversations}});
}

ApiResponse ApiHandler::getMessages(Call &call)
{
    const QString id = call.args.at(0);
    QString error;
    const auto limit = intParameter(call.request, QStringLiteral("limit"), defaultHistoryLimit, 1,
                                    MessageStore::maxPageSize, &error);
    if (!limit)
        return ApiResponse::error(400, error);
    std::optional<HistoryCursor> before;
    if (call.request.hasQueryValue(QStringLiteral("before"))) {
        before = HistoryCursor::fromString(call.request.queryValue(QStringLiteral("before")));
        if (!before)
            return ApiResponse::error(400, QStringLiteral("'before' must be a cursor from an "
                                                          "earlier page"));
    }
    if (!m_node.messenger().conversations().find(id))
        return noConversation(id);
    const auto page = m_node.messenger().messages().history(id, *limit, before);
    if (!page)
        return ApiResponse::error(500, QStringLiteral("the history cannot be read"));
    QJsonArray messages;
    for (const MessageRecord &message : page->messages)
        messages.append(m_json.message(message));
    return ApiResponse::ok(
        {{QStringLiteral("messages"), messages},
         {QStringLiteral("next"), page->next ? QJsonValue(page->next->toString()) : QJsonValue()}});
}

ApiResponse ApiHandler::postRead(Call &call)
{
    call.body.onlyKeys({});
    if (!call.body.ok())
        return {};
    const QString id = call.args.at(0);
    if (!m_node.messenger().conversations().find(id))
        return noConversation(id);
    if (!m_node.messenger().markRead(id))
        return ApiResponse::error(500, QStringLiteral("the conversation cannot be marked read"));
    return ApiResponse::ok({{QStringLiteral("id"), id}, {QStringLiteral("unread"), 0}});
}

ApiResponse ApiHandler::postTyping(Call &call)
{
    call.body.onlyKeys({QStringLiteral("typing")});
    const auto typing = call.body.boolean(QStringLiteral("typing"), true);
    if (!call.body.ok())
        return {};
    const QString id = call.args.at(0);
    if (!m_node.messenger().conversations().find(id))
        return noConversation(id);
    m_node.messenger().setTyping(id, *typing);
    return ApiResponse::ok({{QStringLiteral("id"), id}, {QStringLiteral("typing"), *typing}});
}

ApiResponse ApiHandler::postRequestAnswer(Call &call)
{
    // A message request (a first message from a stranger): accept makes the peer a contact.
    call.body.onlyKeys({});
    if (!call.body.ok())
        return {};
    const QString id = call.args.at(0);
    if (!m_node.messenger().conversations().find(id))
        return noConversation(id);
    const bool accept = call.request.path.endsWith(QLatin1String("/accept"));
    QString error;
    if (!(accept ? m_node.acceptRequest(id, &error) : m_node.ignoreRequest(id, &error)))
        return ApiResponse::error(500, error);
    return ApiResponse::ok({{QStringLiteral("id"), id},
                            {QStringLiteral("requestState"),
                             accept ? QStringLiteral("accepted") : QStringLiteral("ignored")}});
}

ApiResponse ApiHandler::postMessage(Call &call)
{
    call.body.onlyKeys({QStringLiteral("to"), QStringLiteral("text"), QStringLiteral("replyTo")});
    const auto to = call.body.string(QStringLiteral("to"), true, 128);
    const auto text = call.body.string(QStringLiteral("text"), true, ChatProtocol::MaxBodyLength);
    QString replyTo;
    if (call.body.has(QStringLiteral("replyTo")) &&
        !call.body.object().value(QStringLiteral("replyTo")).isNull()) {
        const auto raw = call.body.string(QStringLiteral("replyTo"), true, 64);
        replyTo = raw ? canonicalUuid(*raw) : QString();
        if (raw && replyTo.isEmpty())
            call.body.fail(QStringLiteral("'replyTo' must be a message uuid"));
    }
    if (text && text->trimmed().isEmpty())
        call.body.fail(QStringLiteral("'text' must not be empty"));
    if (!call.body.ok())
        return {};
    if (*to == m_node.id())
        return ApiResponse::error(400, QStringLiteral("you cannot send a message to yourself"));
    // A known conversation (direct or group), or any peer id: its direct conversation is made.
    if (!m_node.messenger().conversations().find(*to) && !isValidPeerId(*to))
        return ApiResponse::error(404, QStringLiteral("'to' is neither a peer id (64 hex digits) "
                                                      "nor a conversation: %1")
                                           .arg(*to));
    QString error;
    const auto sent = m_node.sendText(*to, *text, replyTo, &error);
    if (!sent)
        return ApiResponse::error(500, error);
    return ApiResponse::ok(m_json.message(*sent), 201);
}

ApiResponse ApiHandler::getSearch(Call &call)
{
    if (!call.request.hasQueryValue(QStringLiteral("q")))
        return ApiResponse::error(400, QStringLiteral("missing query parameter 'q'"));
    QString error;
    SearchQuery query;
    query.text = call.request.queryValue(QStringLiteral("q")).left(1024);
    query.conversationId = call.request.queryValue(QStringLiteral("conversation"));
    const auto limit =
        intParameter(call.request, QStringLiteral("limit"), 50, 1, MessageSearch::maxLimit, &error);
    const auto before = intParameter(call.request, QStringLiteral("before"), 0, 0,
                                     std::numeric_limits<int>::max(), &error);
    if (!limit || !before)
        return ApiResponse::error(400, error);
    query.limit = *limit;
    query.beforeSeq = *before;
    const auto hits = MessageSearch(m_node.database()).search(query);
    if (!hits)
        return ApiResponse::error(500, QStringLiteral("the search failed"));
    QJsonArray results;
    for (const SearchHit &hit : *hits) {
        QString plain = hit.snippet;
        plain.remove(QChar(MessageSearch::highlightStart))
            .remove(QChar(MessageSearch::highlightEnd));
        results.append(QJsonObject{{QStringLiteral("message"), m_json.message(hit.message)},
                                   {QStringLiteral("seq"), hit.message.seq},
                                   {QStringLiteral("snippet"), plain},
                                   {QStringLiteral("snippetHtml"), hit.snippetHtml()}});
    }
    return ApiResponse::ok({{QStringLiteral("results"), results}});
}

} // namespace Tincan
