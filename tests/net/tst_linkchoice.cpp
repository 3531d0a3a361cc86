// Which link the router keeps when a device is reachable two ways: over TCP (the LAN) and
// through NATs (ICE). Both ends must keep the TCP one, whichever came first. The second way here
// is a test transport that carries TLS over a local socket pair and marks its links as ICE's
// (core/ice does the same over libnice's stream; loopback has no ICE candidates, and tests/nat
// runs real ICE): the router's choice is what is under test, not ICE.
#include "net/sessionmanager.h"
#include "pairedtransport.h"
#include "peertestutil.h"
#include "testnode.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 10000;

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
