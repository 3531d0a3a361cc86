#pragma once

// A device transport for tests of the router: two of these, one per node, joined. dialDevice on
// one makes a socket pair whose other end becomes an incoming link on the other, with TLS over
// it and the link marked as ICE's (core/ice does the same over libnice's stream; loopback has no
// ICE candidates, and tests/nat runs real ICE). What the router does with such links is what is
// under test, not ICE.
#include "net/tlsconfig.h"
#include "net/tlslink.h"
#include "net/transport.h"
#include "node/node.h"
#include "testnode.h"

#include <QSslSocket>

#include <memory>

#include <sys/socket.h>
#include <unistd.h>

class PairedTransport : public Tincan::Transport
{
public:
    explicit PairedTransport(Tincan::Node &node)
        : m_tls(Tincan::makeTlsConfiguration(node.identity()))
        , m_limits(TestNode::defaultConfig().limits)
    {}
    PairedTransport *peer = nullptr;
    int secured = 0;       // links of this transport whose TLS handshake completed
    int dials = 0;         // dialDevice() calls
    bool reachable = true; // false: the far end is gone before the handshake, as when no
                           // rendezvous finds the device

    QString name() const override { return QStringLiteral("paired"); }
    bool listen(const QHostAddress &, quint16, QString *) override { return true; }
    quint16 listenPort() const override { return 0; }
    void stopListening() override {}
    Tincan::Link *dial(const QString &, quint16) override { return nullptr; }
    Tincan::Link *dialDevice(const QString &) override
    {
        ++dials;
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
            return nullptr;
        if (reachable)
            Q_EMIT peer->incomingLink(peer->make(fds[1], Tincan::Link::Direction::Incoming));
        else
            ::close(fds[1]);
        return make(fds[0], Tincan::Link::Direction::Outgoing);
    }

private:
    Tincan::Link *make(int fd, Tincan::Link::Direction direction)
    {
        auto *socket = new QSslSocket;
        socket->setSslConfiguration(m_tls);
        socket->setSocketDescriptor(fd);
        auto *link = new Tincan::TlsLink(socket, direction, m_limits);
        Tincan::LinkPath path;
        path.kind = Tincan::LinkPath::Kind::Direct;
        path.ice = true;
        link->setFixedPath(path, QStringLiteral("paired"));
        connect(link, &Tincan::Link::secured, this, [this] { ++secured; });
        return link;
    }

    QSslConfiguration m_tls;
    Tincan::SessionLimits m_limits;
};

// Ann and Ben: two in-process nodes whose device transports are paired with each other.
struct PairedNodes
{
    std::unique_ptr<TestNode> a = std::make_unique<TestNode>(QStringLiteral("Ann"));
    std::unique_ptr<TestNode> b = std::make_unique<TestNode>(QStringLiteral("Ben"));
    PairedTransport *ta = new PairedTransport(a->node()); // owned by the router
    PairedTransport *tb = new PairedTransport(b->node());

    PairedNodes()
    {
        ta->peer = tb;
        tb->peer = ta;
        (*a)->sessions().addDeviceTransport(ta);
        (*b)->sessions().addDeviceTransport(tb);
    }
};
