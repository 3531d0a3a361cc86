// Which link the router keeps when a device is reachable two ways: over TCP (the LAN) and
// through NATs (ICE). Both ends must keep the TCP one, whichever came first. The second way here
// is a test transport that carries TLS over a local socket pair and marks its links as ICE's
// (core/ice does the same over libnice's stream; loopback has no ICE candidates, and tests/nat
// runs real ICE): the router's choice is what is under test, not ICE.
#include "net/sessionmanager.h"
#include "pairedtransport.h"
#include "peertestutil.h"
#include "testnode.h"

#include <QPointer>
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

    std::unique_ptr<PairedNodes> m_p;

private Q_SLOTS:
    void init() { m_p = std::make_unique<PairedNodes>(); }
    void cleanup() { m_p.reset(); }

    void aLinkThroughNatsGivesWayToTcp()
    {
        (*m_p->a)->sessions().connectTo(QString(), 0, m_p->b->id());
        QTRY_VERIFY_WITH_TIMEOUT(PeerTest::connected(*m_p->a, *m_p->b), Timeout);
        QVERIFY(overIce(*m_p->a, *m_p->b) && overIce(*m_p->b, *m_p->a));
        QSignalSpy replaced(&(*m_p->b)->sessions(), &SessionManager::sessionReplaced);
        QString error;
        QVERIFY((*m_p->a)->connectTo(m_p->b->address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(overTcpBothWays(*m_p->a, *m_p->b), Timeout);
        QCOMPARE(replaced.count(), 1); // what was in flight goes again, on the kept link
    }

    // Both ways at once, as when discovery and a redial by id fire together: whichever link
    // authenticates first, both ends end up on the TCP one, and only on it.
    void tcpIsKeptWhenBothAppearAtOnce()
    {
        QString error;
        QVERIFY((*m_p->a)->connectTo(m_p->b->address(), &error));
        (*m_p->a)->sessions().connectTo(QString(), 0, m_p->b->id());
        QCOMPARE((*m_p->a)->sessions().sessionCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(m_p->ta->secured + m_p->tb->secured >= 1, Timeout); // it raced
        QTRY_VERIFY_WITH_TIMEOUT(overTcpBothWays(*m_p->a, *m_p->b), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT((*m_p->a)->sessions().sessionCount(), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT((*m_p->b)->sessions().sessionCount(), 1, Timeout);
        QVERIFY(overTcpBothWays(*m_p->a, *m_p->b));
    }

    // Ann's path dies without a sound (her address changed). Her probe finds it dead and she
    // dials again, naming the lost link. Ben, who still holds that link and would otherwise keep
    // it and refuse hers as a duplicate until his keepalive gave up, takes the new one at once:
    // Ann never goes offline for him.
    void aDeviceThatLostItsLinkReplacesItAtOnce()
    {
        (*m_p->a)->sessions().connectTo(QString(), 0, m_p->b->id());
        QTRY_VERIFY_WITH_TIMEOUT(PeerTest::connected(*m_p->a, *m_p->b), Timeout);
        const QPointer<Link> bensOld = (*m_p->b)->sessions().link(m_p->a->id());
        QSignalSpy replaced(&(*m_p->b)->sessions(), &SessionManager::sessionReplaced);
        QSignalSpy gone(&(*m_p->b)->sessions(), &SessionManager::peerDisconnected);
        m_p->ta->cutPaths();
        (*m_p->a)->sessions().link(m_p->b->id())->probe(std::chrono::milliseconds(300));
        QTRY_COMPARE_WITH_TIMEOUT(replaced.count(), 1, Timeout);
        QVERIFY(bensOld.isNull() || bensOld->state() == Link::State::Closed);
        QTRY_VERIFY_WITH_TIMEOUT(PeerTest::connected(*m_p->a, *m_p->b), Timeout);
        QCOMPARE(gone.count(), 0);
        QCOMPARE(m_p->ta->dials, 2);
    }
};

QTEST_GUILESS_MAIN(TestLinkChoice)
#include "tst_linkchoice.moc"
