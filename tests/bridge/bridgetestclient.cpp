#include "bridgetestclient.h"

#include "bridge/bridge.h"
#include "testnode.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>

BridgeTestClient::BridgeTestClient(quint16 port, QByteArray token)
    : m_port(port)
    , m_token(std::move(token))
{
    m_network.setProxy(QNetworkProxy::NoProxy);
}

Tincan::NodeConfig BridgeTestClient::nodeConfig()
{
    Tincan::NodeConfig config = TestNode::defaultConfig();
    config.bridgePort = 0;
    return config;
}

std::unique_ptr<BridgeTestClient> BridgeTestClient::of(TestNode &node)
{
    Tincan::Bridge *bridge = node->bridge();
    return std::make_unique<BridgeTestClient>(bridge ? bridge->port() : 0,
                                              bridge ? bridge->token() : QByteArray());
}

BridgeTestClient::Reply BridgeTestClient::request(const QByteArray &method, const QString &target,
                                                  const QByteArray &body, const Headers &headers,
                                                  bool withToken)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(target)));
    if (withToken)
        request.setRawHeader("Authorization", "Bearer " + m_token);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    if (!body.isEmpty() && !request.hasRawHeader("Content-Type"))
        request.setRawHeader("Content-Type", "application/json");
    request.setTransferTimeout(15000);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    return result;
}

BridgeTestClient::Reply BridgeTestClient::post(const QString &target, const QJsonObject &body)
{
    return request("POST", target, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

BridgeTestClient::Reply BridgeTestClient::patch(const QString &target, const QJsonObject &body)
{
    return request("PATCH", target, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

BridgeTestClient::Reply BridgeTestClient::raw(const QByteArray &bytes)
{
    // The bridge may run in this very thread: wait by running the event loop, never blocking.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    socket.write(bytes);
    Reply result;
    QByteArray data;
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        QTest::qWait(5);
        data += socket.readAll();
        const qsizetype end = data.indexOf("\r\n\r\n");
        if (end >= 0) {
            const QList<QByteArray> lines = data.left(end).split('\n');
            result.status = lines.first().split(' ').value(1).toInt();
            for (const QByteArray &line : lines.mid(1)) {
                const qsizetype colon = line.indexOf(':');
                result.headers.insert(line.left(colon).trimmed().toLower(),
                                      line.mid(colon + 1).trimmed());
            }
            result.body = data.mid(end + 4);
            if (result.body.size() >= result.headers.value("content-length").toLongLong())
                break;
        }
        if (socket.state() == QAbstractSocket::UnconnectedState)
            break;
    }
    result.json = QJsonDocument::fromJson(result.body).object();
    return result;
}

EventProbe::EventProbe(const QString &origin)
    : m_socket(origin)
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    // stateChanged rather than the error signal, whose name differs between Qt 6.4 and 6.8.
    connect(&m_socket, &QWebSocket::stateChanged, this, [this](QAbstractSocket::SocketState s) {
        if (s == QAbstractSocket::UnconnectedState)
            m_ended = true;
    });
}

void EventProbe::open(quint16 port, const QByteArray &queryToken, const QByteArray &bearer)
{
    QString url = QStringLiteral("ws://127.0.0.1:%1/api/v1/events").arg(port);
    if (!queryToken.isEmpty())
        url += QStringLiteral("?token=") + QString::fromLatin1(queryToken);
    QNetworkRequest request{QUrl(url)};
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    m_socket.open(request);
}

bool EventProbe::waitReady(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && frames.isEmpty() && !m_ended)
        QTest::qWait(10);
    return !frames.isEmpty() &&
           frames.first().value(QStringLiteral("event")).toString() == u"ready";
}

bool EventProbe::wasRefused(int status, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && !m_ended)
        QTest::qWait(10);
    if (!m_ended || !frames.isEmpty())
        return false;
    // Qt 6.8 refuses the handshake with the HTTP status; Qt 6.4 closes with 4000 + status.
    const bool closed = int(m_socket.closeCode()) == 4000 + status;
    const bool handshake = m_socket.errorString().contains(QString::number(status));
    // Qt 6.8.2 reads the 401's "WWW-Authenticate: Bearer" itself and reports only that it
    // cannot answer that challenge; only a 401 carries one.
    const bool challenged =
        status == 401 && m_socket.errorString().contains(QStringLiteral("WWW-Authenticate"));
    if (!closed && !handshake && !challenged)
        qWarning() << "refused otherwise:" << m_socket.closeCode() << m_socket.errorString();
    return closed || handshake || challenged;
}

QJsonObject EventProbe::command(int id, const QByteArray &method, const QString &path,
                                const QJsonObject &body, int timeoutMs)
{
    QJsonObject frame{{QStringLiteral("id"), id},
                      {QStringLiteral("method"), QString::fromLatin1(method)},
                      {QStringLiteral("path"), path}};
    if (!body.isEmpty())
        frame.insert(QStringLiteral("body"), body);
    m_socket.sendTextMessage(
        QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        for (const QJsonObject &f : std::as_const(frames)) {
            if (f.contains(QStringLiteral("status")) && f.value(QStringLiteral("id")).toInt() == id)
                return f;
        }
        QTest::qWait(10);
    }
    return {};
}

QList<QJsonObject> EventProbe::events(const QString &name) const
{
    QList<QJsonObject> list;
    for (const QJsonObject &f : frames) {
        if (f.value(QStringLiteral("event")).toString() == name)
            list.append(f);
    }
    return list;
}
