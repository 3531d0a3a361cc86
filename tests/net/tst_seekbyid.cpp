// A device asked for by id alone (tincan://ID) that no rendezvous reaches yet: not on the DHT,
// no contact online. The router seeks it again with the reconnect backoff until a link comes
// up, and from then on redials it like any peer. The device transport is the paired test one
// (pairedtransport.h), whose far end can be made unreachable.
#include "net/invitelink.h"
#include "net/sessionmanager.h"
#include "pairedtransport.h"
#include "peertestutil.h"
#include "store/peerrepository.h"

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

    // Ann reached Ben by id, then restarts. Ben cannot dial her (his far end is gone, as when
    // he has no contact who could introduce), so only her own seeking can link them again: a
    // device reached by id is remembered with the peer (reach_by_id) and sought after a restart.
    void aDeviceReachedByIdIsSoughtAgainAfterARestart()
    {
        (*m_p->a)->sessions().connectTo(ConnectTarget{QString(), 0, m_p->b->id()});
        QTRY_VERIFY_WITH_TIMEOUT(PeerTest::connected(*m_p->a, *m_p->b), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT((*m_p->a)->peers().find(m_p->b->id())->reachById, Timeout);
        m_p->tb->reachable = false;
        const QString ann = m_p->a->id();
        const std::unique_ptr<TestNode> before = std::move(m_p->a); // keeps the profile's dir
        before->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!(*m_p->b)->sessions().isConnected(ann), Timeout);

        m_p->a = std::make_unique<TestNode>(QStringLiteral("Ann"), before->profileDir());
        auto *again = new PairedTransport(m_p->a->node()); // owned by her router
        again->peer = m_p->tb;
        m_p->tb->peer = again;
        (*m_p->a)->sessions().addDeviceTransport(again);
        QTRY_VERIFY_WITH_TIMEOUT(PeerTest::connected(*m_p->a, *m_p->b), Timeout);
        QVERIFY(again->dials >= 1);
    }
};

QTEST_GUILESS_MAIN(TestSeekById)
#include "tst_seekbyid.moc"
