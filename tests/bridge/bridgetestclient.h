#pragma once

#include "node/node.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QWebSocket>

#include <memory>
#include <utility>

class TestNode;

using Headers = QList<std::pair<QByteArray, QByteArray>>;

// HTTP to a bridge as a test sees it: every status, header and body, with headers of the
// test's choosing (Origin, Authorization, Host).
class BridgeTestClient
{
public:
    BridgeTestClient(quint16 port, QByteArray token);
    static std::unique_ptr<BridgeTestClient> of(TestNode &node); // the node's bridge and token
    // TestNode's configuration with the bridge on, on an ephemeral port.
    static Tincan::NodeConfig nodeConfig();

    struct Reply
    {
        int status = 0; // 0: no HTTP answer at all
        QByteArray body;
        QJsonObject json;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QString error() const { return json.value(QStringLiteral("error")).toString(); }
    };

    Reply request(const QByteArray &method, const QString &target, const QByteArray &body = {},
                  const Headers &headers = {}, bool withToken = true);
    Reply get(const QString &target) { return request("GET", target); }
    Reply post(const QString &target, const QJsonObject &body = {});
    Reply patch(const QString &target, const QJsonObject &body);
    // Raw bytes over a socket: for what QNetworkAccessManager would not send as given (Host).
    Reply raw(const QByteArray &bytes);

    quint16 port() const { return m_port; }
    QByteArray token() const { return m_token; }
    void setToken(const QByteArray &token) { m_token = token; }

private:
    quint16 m_port;
    QByteArray m_token;
    QNetworkAccessManager m_network;
};

// One WebSocket to /api/v1/events, recording every frame and how it ended.
class EventProbe : public QObject
{
    Q_OBJECT
public:
    // origin empty: no Origin header, as `tincan ctl` connects.
    explicit EventProbe(const QString &origin = {});

    void open(quint16 port, const QByteArray &queryToken, const QByteArray &bearer = {});
    bool waitReady(int timeoutMs = 10000); // the "ready" frame arrived
    // Ended without a single frame: refused at the handshake (Qt 6.8) or closed right after it
    // with 4000 + status (Qt 6.4). status: the HTTP status expected.
    bool wasRefused(int status, int timeoutMs = 10000);
    QJsonObject command(int id, const QByteArray &method, const QString &path,
                        const QJsonObject &body = {}, int timeoutMs = 10000);
    QList<QJsonObject> events(const QString &name) const;
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool ended() const { return m_ended; }
    int closeCode() const { return int(m_socket.closeCode()); }
    QWebSocket &socket() { return m_socket; }

    QList<QJsonObject> frames;

private:
    QWebSocket m_socket;
    bool m_ended = false;
};
