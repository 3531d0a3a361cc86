// Which link the router keeps when a device is reachable two ways: over TCP (the LAN) and
// through NATs (ICE). Both ends must keep the TCP one, whichever came first. The second way here
// is a test transport that carries TLS over a local socket pair and marks its links as ICE's
// (core/ice does the same over libnice's stream; loopback has no ICE candidates, and tests/nat
// runs real ICE): the router's choice is what is under test, not ICE.
#include "net/sessionmanager.h"
#include "net/tlsconfig.h"
#include "net/tlslink.h"
#include "net/transport.h"
#include "peertestutil.h"
#include "testnode.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>

#include <sys/socket.h>

using namespace Tincan;

namespace {
constexpr int Timeout = 10000;

class PairedTransport;

// Two of these, one per node, joined: dialDevice on one makes a socket pair whose other end
// becomes an incoming link on the other.
class PairedTransport : public Transport
{
public:
    PairedTransport(Node &node)
        : m_tls(makeTlsConfiguration(node.identity()))
        , m_limits(TestNode::defaultConfig().limits)
    {}
    PairedTransport *peer = nullptr;
    int secured = 0; // links of this transport whose TLS handshake completed

    QString name() const override { return QStringLiteral("paired"); }
    bool listen(const QHostAddress &, quint16, QString *) override { return true; }
    quint16 listenPort() const override { return 0; }
    void stopListening() override {}
    Link *dial(const QString &, quint16) override { return nullptr; }
    Link *dialDevice(const QString &) override
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
            return nullptr;
        Q_EMIT peer->incomingLink(peer->make(fds[1], Link::Direction::Incoming));
        return make(fds[0], Link::Direction::Outgoing);
    }

private:
    Link *make(int fd, Link::Direction direction)
    {
        auto *socket = new QSslSocket;
        socket->setSslConfiguration(m_tls);
        socket->setSocketDescriptor(fd);
        auto *link = new TlsLink(socket, direction, m_limits);
        LinkPath path;
        path.kind = LinkPath::Kind::Direct;
        path.ice = true;
        link->setFixedPath(path, QStringLiteral("paired"));
        connect(link, &Link::secured, this, [this] { ++secured; });
        return link;
    }

    QSslConfiguration m_tls;
    SessionLimits m_limits;
};

bool overIce(TestNode &node, TestNode &peer)
{
    const Link *link = node->sessions().link(peer.id());
    return link && link->path().ice;
}

bool overTcpBothWays(TestNode &a, TestNode &b)
{
    return PeerTest::connected(a, b) && !overIce(a, b) && !overIce(b, a);
}
} // namespace

class TestLinkChoice : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestNode> m_a, m_b;
    PairedTransport *m_ta = nullptr;
    PairedTransport *m_tb = nullptr;

private Q_SLOTS:
    void init()
    {
        m_a = std::make_unique<TestNode>(QStringLiteral("Ann"));
        m_b = std::make_unique<TestNode>(QStringLiteral("Ben"));
        m_ta = new PairedTransport(m_a->node());
        m_tb = new PairedTransport(m_b->node());
        m_ta->peer = m_tb;
        m_tb->peer = m_ta;
        (*m_a)->sessions().addDeviceTransport(m_ta);
        (*m_b)->sessions().addDeviceTransport(m_tb);
    }
    void cleanup()
    {
        m_a.reset();
        m_b.reset();
    }

    void aLinkThroughNatsGivesWayToTcp()
    {
        (*m_a)->sessions().connectTo(QString(), 0, m_b->id());
        QTRY_VERIFY_WITH_TIMEOUT(PeerTest::connected(*m_a, *m_b), Timeout);
        QVERIFY(overIce(*m_a, *m_b) && overIce(*m_b, *m_a));
        QSignalSpy replaced(&(*m_b)->sessions(), &SessionManager::sessionReplaced);
        QString error;
        QVERIFY((*m_a)->connectTo(m_b->address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(overTcpBothWays(*m_a, *m_b), Timeout);
        QCOMPARE(replaced.count(), 1); // what was in flight goes again, on the kept link
    }

    // Both ways at once, as when discovery and a redial by id fire together: whichever link
    // authenticates first, both ends end up on the TCP one, and only on it.
    void tcpIsKeptWhenBothAppearAtOnce()
    {
        QString error;
        QVERIFY((*m_a)->connectTo(m_b->address(), &error));
        (*m_a)->sessions().connectTo(QString(), 0, m_b->id());
        QCOMPARE((*m_a)->sessions().sessionCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(m_ta->secured + m_tb->secured >= 1, Timeout); // it raced
        QTRY_VERIFY_WITH_TIMEOUT(overTcpBothWays(*m_a, *m_b), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT((*m_a)->sessions().sessionCount(), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT((*m_b)->sessions().sessionCount(), 1, Timeout);
        QVERIFY(overTcpBothWays(*m_a, *m_b));
    }
};

QTEST_GUILESS_MAIN(TestLinkChoice)
#include "tst_linkchoice.moc"
