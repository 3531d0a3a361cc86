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

    std::unique_ptr<PairedNodes> m_p;

private Q_SLOTS:
    void init() { m_p = std::make_unique<PairedNodes>(); }
    void cleanup() { m_p.reset(); }

    void aDeviceNotReachableYetIsSoughtUntilReached()
    {
        m_p->ta->reachable = false;
        (*m_p->a)->sessions().connectTo(ConnectTarget{QString(), 0, m_p->b->id()});
        // Tried again and again (the test backoff: 100 ms, doubling up to 1 s), never linked.
        QTRY_VERIFY_WITH_TIMEOUT(m_p->ta->dials >= 3, Timeout);
        QVERIFY(!PeerTest::connected(*m_p->a, *m_p->b));
        m_p->ta->reachable = true; // Ben shows up on the DHT
        QTRY_VERIFY_WITH_TIMEOUT(PeerTest::connected(*m_p->a, *m_p->b), Timeout);
    }
};

QTEST_GUILESS_MAIN(TestSeekById)
#include "tst_seekbyid.moc"
