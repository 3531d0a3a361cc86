#pragma once

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QString>

#include <functional>
#include <optional>

namespace Tincan::Ctl {

// Exit codes of `tincan ctl` (docs/api.md).
enum Exit
{
    Ok = 0,
    Failed = 1,
    Usage = 2,
    Unreachable = 3,
    NotFound = 4
};

struct Failure
{
    int exitCode = Failed;
    QString message;
};

// Where the bridge of the node running on a profile is: the port from DIR/node.json, the
// token from DIR/bridge.token.
struct Endpoint
{
    QString profileDir;
    quint16 port = 0;
    QByteArray token;

    static std::optional<Endpoint> locate(const QString &profileDir, Failure *failure);
};

// Talks HTTP and WebSocket to a bridge, like any script would: no Origin header (so the
// bridge knows it is no web page), the token as a Bearer header, never through a proxy.
class Client
{
public:
    explicit Client(Endpoint endpoint);

    struct Reply
    {
        int status = 0;
        QJsonObject body;
    };
    // nullopt (with *failure) when the node cannot be reached or the bridge refuses the token.
    std::optional<Reply> call(const QByteArray &method, const QString &target,
                              const std::optional<QJsonObject> &body, Failure *failure);
    // Like call(), but an answer of 400 or more is a failure too, with the bridge's message.
    std::optional<QJsonObject> fetch(const QByteArray &method, const QString &target,
                                     const std::optional<QJsonObject> &body, Failure *failure);

    // Opens /api/v1/events and hands every frame to onFrame until the socket closes; returns
    // the reason it closed.
    Failure watch(const std::function<void(const QJsonObject &frame)> &onFrame);

    const Endpoint &endpoint() const { return m_endpoint; }

private:
    QString unreachable() const;

    Endpoint m_endpoint;
    QNetworkAccessManager m_network;
};

} // namespace Tincan::Ctl
