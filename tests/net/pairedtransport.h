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

#include <QSocketNotifier>
#include <QSslSocket>

#include <cerrno>
#include <memory>
#include <vector>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

// Carries the bytes between two socket-pair ends, the way a network path would, until cut():
// from then on it drops them and closes nothing, as a path that died without a sound.
class PathRelay : public QObject
{
public:
    PathRelay(int towardsDialler, int towardsPeer)
        : m_fds{towardsDialler, towardsPeer}
    {
        for (int side : {0, 1}) {
            m_notifiers[side] = new QSocketNotifier(m_fds[side], QSocketNotifier::Read, this);
            connect(m_notifiers[side], &QSocketNotifier::activated, this,
                    [this, side] { carry(side); });
        }
    }
    ~PathRelay() override
    {
        for (int fd : m_fds)
            ::close(fd);
    }
    void cut() { m_cut = true; }

private:
    void carry(int from)
    {
        char buffer[65536];
        ssize_t n;
        while ((n = ::read(m_fds[from], buffer, sizeof buffer)) > 0) {
            for (ssize_t done = 0; !m_cut && done < n;) {
                const ssize_t w =
                    ::send(m_fds[1 - from], buffer + done, size_t(n - done), MSG_NOSIGNAL);
                if (w > 0) {
                    done += w;
                    continue;
                }
                pollfd writable{m_fds[1 - from], POLLOUT, 0};
                if (errno != EAGAIN || ::poll(&writable, 1, 1000) <= 0)
                    return; // the far end is closed or stopped reading: drop the rest
            }
        }
        if (n == 0) { // this end closed: the other sees the end too, unless the path is cut
            m_notifiers[from]->setEnabled(false);
            if (!m_cut)
                ::shutdown(m_fds[1 - from], SHUT_WR);
        }
    }

    int m_fds[2];
    QSocketNotifier *m_notifiers[2] = {};
    bool m_cut = false;
};

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
        // dialler <-> relay <-> peer: two socket pairs, so that the path can die silently.
        int near[2], far[2];
        constexpr int type = SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC;
        if (::socketpair(AF_UNIX, type, 0, near) != 0)
            return nullptr;
        if (::socketpair(AF_UNIX, type, 0, far) != 0) {
            ::close(near[0]);
            ::close(near[1]);
            return nullptr;
        }
        m_relays.push_back(std::make_unique<PathRelay>(near[1], far[0]));
        if (reachable)
            Q_EMIT peer->incomingLink(peer->make(far[1], Tincan::Link::Direction::Incoming));
        else
            ::close(far[1]);
        return make(near[0], Tincan::Link::Direction::Outgoing);
    }
    // The paths of the links this transport dialled so far die without a sound.
    void cutPaths()
    {
        for (const auto &relay : m_relays)
            relay->cut();
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
    std::vector<std::unique_ptr<PathRelay>> m_relays;
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
