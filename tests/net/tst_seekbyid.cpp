// A device asked for by id alone (tincan://ID) that no rendezvous reaches yet: not on the DHT,
// no contact online. The router seeks it again with the reconnect backoff until a link comes
// up, and from then on redials it like any peer. The device transport is the paired test one
// (pairedtransport.h), whose far end can be made unreachable.
#include "net/invitelink.h"
#include "net/sessionmanager.h"
#include "pairedtransport.h"
#include "peertestutil.h"

#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 10000;
}

class TestSeekById : public QObject
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

    void aDeviceNotReachableYetIsSoughtUntilReached()
    {
        m_ta->reachable = false;
        (*m_a)->sessions().connectTo(ConnectTarget{QString(), 0, m_b->id()});
        // Tried again and again (the test backoff: 100 ms, doubling up to 1 s), never linked.
        QTRY_VERIFY_WITH_TIMEOUT(m_ta->dials >= 3, Timeout);
        QVERIFY(!PeerTest::connected(*m_a, *m_b));
        m_ta->reachable = true; // Ben shows up on the DHT
        QTRY_VERIFY_WITH_TIMEOUT(PeerTest::connected(*m_a, *m_b), Timeout);
    }
};

QTEST_GUILESS_MAIN(TestSeekById)
#include "tst_seekbyid.moc"
