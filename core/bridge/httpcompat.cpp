#include "httpcompat.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QMetaEnum>
#include <QTcpServer>
#include <QWebSocket>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#include <QHttpServerWebSocketUpgradeResponse>
#else
#include <QHttpServerRouterRule>
#endif

namespace Tincan::HttpCompat {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    // The enum is the same in 6.4 and 6.8; its key ("Get") upper-cased is the HTTP method.
    const char *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method));
    return key ? QByteArray(key).toUpper() : QByteArrayLiteral("UNKNOWN");
}

QString targetOf(const QUrl &url)
{
    QString target = url.path(QUrl::FullyEncoded);
    if (url.hasQuery())
        target += QLatin1Char('?') + url.query(QUrl::FullyEncoded);
    return target;
}

QHttpServerResponse toResponse(const HttpReply &reply)
{
    QHttpServerResponse response(reply.contentType, reply.body,
                                 static_cast<QHttpServerResponder::StatusCode>(reply.status));
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders headers = response.headers();
    for (const auto &[name, value] : reply.headers)
        headers.append(name, value);
    response.setHeaders(std::move(headers));
#else
    for (const auto &[name, value] : reply.headers)
        response.addHeader(name, value);
#endif
    return response;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
// Qt 6.4 hands an upgrade to its WebSocket server only when a route takes the request, and
// has no hook to refuse one. So the route's rule does the check: it matches only an upgrade
// that passes, and keeps the refusal of one that does not for the missing handler, which Qt
// calls right after (then closes the connection).
struct UpgradeState
{
    UpgradeCheck check;
    std::optional<HttpReply> refusal;
};

class UpgradeRule : public QHttpServerRouterRule
{
public:
    UpgradeRule(const QString &path, UpgradeState *state, RouterHandler handler)
        : QHttpServerRouterRule(path, std::move(handler))
        , m_state(state)
    {}

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const override
    {
        const ApiRequest api = toApiRequest(request);
        if (!isWebSocketUpgrade(api) || !QHttpServerRouterRule::matches(request, match))
            return false;
        HttpReply verdict = m_state->check(api);
        if (verdict.status == 101)
            return true;
        m_state->refusal = std::move(verdict);
        return false;
    }

private:
    UpgradeState *m_state;
};
#endif

} // namespace

bool isWebSocketUpgrade(const ApiRequest &request)
{
    return request.header("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}

ApiRequest toApiRequest(const QHttpServerRequest &request)
{
    ApiRequest result;
    result.method = methodName(request.method());
    result.setTarget(targetOf(request.url()));
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    const QHttpHeaders &headers = request.headers();
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QLatin1StringView name = headers.nameAt(i);
        result.addHeader(QByteArray(name.data(), name.size()), headers.valueAt(i).toByteArray());
    }
#else
    for (const auto &[name, value] : request.headers())
        result.addHeader(name, value);
#endif
    result.body = request.body();
    return result;
}

void serve(QHttpServer &server, QObject *context, const QString &upgradePath,
           RequestHandler handler, UpgradeCheck check)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    server.setMissingHandler(context,
                             [handler = std::move(handler)](const QHttpServerRequest &request,
                                                            QHttpServerResponder &responder) {
                                 responder.sendResponse(toResponse(handler(toApiRequest(request))));
                             });
    server.addWebSocketUpgradeVerifier(context, [upgradePath, handler, check = std::move(check)](
                                                    const QHttpServerRequest &request) {
        const ApiRequest api = toApiRequest(request);
        // Upgrades elsewhere get the answer a plain request there would get.
        const HttpReply verdict = api.path == upgradePath ? check(api) : handler(api);
        if (verdict.status == 101)
            return QHttpServerWebSocketUpgradeResponse::accept();
        return QHttpServerWebSocketUpgradeResponse::deny(verdict.status, verdict.body);
    });
#else
    // No context object in 6.4: the server is destroyed with its owner, which is the context.
    Q_UNUSED(context);
    auto state = std::make_shared<UpgradeState>(UpgradeState{std::move(check), {}});
    server.setMissingHandler(
        [handler = std::move(handler), state](const QHttpServerRequest &request,
                                              QHttpServerResponder &&responder) {
            HttpReply reply;
            if (state->refusal) {
                reply = std::move(*state->refusal);
                state->refusal.reset();
            } else {
                reply = handler(toApiRequest(request));
            }
            toResponse(reply).write(std::move(responder));
        });
    // The accepted upgrade needs no answer of ours: Qt's WebSocket server sends the 101.
    server.route<UpgradeRule>(upgradePath, state.get(), [state](QHttpServerResponder &&) {});
#endif
}

bool bind(QHttpServer &server, QTcpServer *tcpServer)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return server.bind(tcpServer);
#else
    if (!tcpServer->isListening())
        return false;
    server.bind(tcpServer);
    return true;
#endif
}

std::unique_ptr<QWebSocket> nextPendingWebSocket(QHttpServer &server)
{
    return server.nextPendingWebSocketConnection();
}

} // namespace Tincan::HttpCompat
