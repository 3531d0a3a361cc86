#include "ctlclient.h"

#include "bridgetoken.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QWebSocket>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

namespace Tincan::Ctl {

namespace {
constexpr int requestTimeoutMs = 15000;

QString noNode(const QString &profileDir)
{
    return QStringLiteral("no running node for this profile (%1)").arg(profileDir);
}

bool processExists(qint64 pid)
{
#ifdef Q_OS_UNIX
    // Signal 0 checks existence only; EPERM means it exists but belongs to someone else.
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
#else
    return pid > 0;
#endif
}
} // namespace

std::optional<Endpoint> Endpoint::locate(const QString &profileDir, Failure *failure)
{
    QFile file(QDir(profileDir).filePath(QStringLiteral("node.json")));
    const QJsonObject info = file.open(QIODevice::ReadOnly)
                                 ? QJsonDocument::fromJson(file.read(1 << 20)).object()
                                 : QJsonObject();
    // A node killed without a chance to clean up leaves its node.json behind.
    if (info.isEmpty() || !processExists(info.value(QStringLiteral("pid")).toInteger())) {
        *failure = {Unreachable, noNode(profileDir)};
        return std::nullopt;
    }
    const int port =
        info.value(QStringLiteral("bridge")).toObject().value(QStringLiteral("port")).toInt();
    if (port <= 0 || port > 65535) {
        *failure = {Unreachable, QStringLiteral("the node runs without the bridge; start it with "
                                                "--bridge 0 (or set bridgeEnabled)")};
        return std::nullopt;
    }
    QString error;
    const auto token = BridgeToken::read(profileDir, &error);
    if (!token) {
        *failure = {Unreachable, error};
        return std::nullopt;
    }
    return Endpoint{profileDir, quint16(port), *token};
}

Client::Client(Endpoint endpoint)
    : m_endpoint(std::move(endpoint))
{
    m_network.setProxy(QNetworkProxy::NoProxy);
}

QString Client::unreachable() const
{
    return noNode(m_endpoint.profileDir);
}

std::optional<Client::Reply> Client::call(const QByteArray &method, const QString &target,
                                          const std::optional<QJsonObject> &body, Failure *failure)
{
    QNetworkRequest request(
        QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_endpoint.port).arg(target)));
    request.setRawHeader("Authorization", "Bearer " + m_endpoint.token);
    request.setTransferTimeout(requestTimeoutMs);
    QByteArray data;
    if (body) {
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        data = QJsonDocument(*body).toJson(QJsonDocument::Compact);
    }
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, data);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        *failure = {Unreachable,
                    reply->error() == QNetworkReply::ConnectionRefusedError
                        ? unreachable()
                        : QStringLiteral("%1 (%2)").arg(unreachable(), reply->errorString())};
        return std::nullopt;
    }
    Reply result{status.toInt(), QJsonDocument::fromJson(reply->readAll()).object()};
    if (result.status == 401) {
        *failure = {Unreachable, QStringLiteral("the bridge refused the token in %1; it may have "
                                                "been rotated just now, try again")
                                     .arg(BridgeToken::filePath(m_endpoint.profileDir))};
        return std::nullopt;
    }
    return result;
}

std::optional<QJsonObject> Client::fetch(const QByteArray &method, const QString &target,
                                         const std::optional<QJsonObject> &body, Failure *failure)
{
    const auto reply = call(method, target, body, failure);
    if (!reply)
        return std::nullopt;
    if (reply->status >= 400) {
        const QString message = reply->body.value(QStringLiteral("error")).toString();
        *failure = {reply->status == 404 ? NotFound : Failed,
                    message.isEmpty() ? QStringLiteral("HTTP status %1").arg(reply->status)
                                      : message};
        return std::nullopt;
    }
    return reply->body;
}

Failure Client::watch(const std::function<void(const QJsonObject &frame)> &onFrame)
{
    QWebSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(
        QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/events").arg(m_endpoint.port)));
    request.setRawHeader("Authorization", "Bearer " + m_endpoint.token);
    QEventLoop loop;
    bool opened = false;
    Failure result{Unreachable, unreachable()};
    QObject::connect(&socket, &QWebSocket::connected, &loop, [&opened] { opened = true; });
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &loop, [&](const QString &text) {
        onFrame(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    // stateChanged, not disconnected or the error signal: it also reports a connection that
    // never opened, and its name is the same on Qt 6.4 and 6.8.
    QObject::connect(
        &socket, &QWebSocket::stateChanged, &loop, [&](QAbstractSocket::SocketState state) {
            if (state != QAbstractSocket::UnconnectedState)
                return;
            if (opened) {
                const QString reason = socket.closeReason();
                result = {Failed,
                          QStringLiteral("the node closed the event stream (%1%2)")
                              .arg(int(socket.closeCode()))
                              .arg(reason.isEmpty() ? QString() : QStringLiteral(": ") + reason)};
            } else if (!socket.errorString().isEmpty()) {
                result = {Unreachable,
                          QStringLiteral("%1 (%2)").arg(unreachable(), socket.errorString())};
            }
            loop.quit();
        });
    socket.open(request);
    loop.exec();
    return result;
}

} // namespace Tincan::Ctl
