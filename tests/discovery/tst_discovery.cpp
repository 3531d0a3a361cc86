// In-process nodes with discovery on, inside the private network namespace of
// tests/netns-run.sh (only a multicast-capable loopback). Strangers on the LAN are played by
// plain UDP sockets on other loopback addresses.
#include "chat/messenger.h"
#include "discovery/announcement.h"
#include "discovery/discoveryservice.h"
#include "net/sessionmanager.h"
#include "netnsskip.h"
#include "privatenetwork.h"
#include "testnode.h"

#include <QNetworkDatagram>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>

#include <array>

using namespace Tincan;
using namespace std::chrono_literals;

namespace {

constexpr int Timeout = 15000; // a bound on a loaded CI machine; each wait ends when it holds

NodeConfig discoveryConfig(quint16 port)
{
    NodeConfig config = TestNode::defaultConfig();
    config.discovery = true;
    config.discoveryPort = port;
    return config;
}

bool connected(TestNode &a, TestNode &b)
{
    return a->sessions().isConnected(b.id()) && b->sessions().isConnected(a.id());
}

// Someone on the LAN who speaks the datagram format but is no Tincan node.
class Stranger
{
public:
    explicit Stranger(const QString &address)
    {
        QVERIFY2(m_socket.bind(QHostAddress(address), 0), qPrintable(m_socket.errorString()));
    }
    void send(const QByteArray &datagram, quint16 port)
    {
        m_socket.writeDatagram(datagram, QHostAddress(QStringLiteral("127.0.0.1")), port);
    }
    void announce(Discovery::Kind kind, const QString &id, quint16 tcpPort, quint16 port)
    {
        send(Discovery::encodeAnnouncement({kind, 1, id, QStringLiteral("Stranger"), tcpPort}),
             port);
    }
    QUdpSocket &socket() { return m_socket; }

private:
    QUdpSocket m_socket;
};

QString fakeId(char digit)
{
    return QString(64, QLatin1Char(digit));
}

} // namespace

class TestDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // These tests multicast: ctest runs them through tests/netns-run.sh, whose namespace has
    // only a loopback. Fail before sending anything if that ever stops being true.
    void initTestCase() { QCOMPARE(interfaceBeyondLoopback(), QString()); }

    void nodesFindEachOtherAndTheLowerIdDials()
    {
        NodeConfig config = discoveryConfig(47501);
        config.discoveryTiming.higherIdDialDelay = 30s; // so that only the lower id can dial
        TestNode a(QStringLiteral("Alice"), config), b(QStringLiteral("Bob"), config);
        QVERIFY(a->discovery() && b->discovery());
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);

        TestNode &lower = a.id() < b.id() ? a : b;
        TestNode &higher = a.id() < b.id() ? b : a;
        QVERIFY(lower->discovery()->stats().dials >= 1);
        QCOMPARE(higher->discovery()->stats().dials, 0u);

        QTRY_VERIFY_WITH_TIMEOUT(a->discovery()->peer(b.id()) && b->discovery()->peer(a.id()),
                                 Timeout);
        const auto seen = a->discovery()->peer(b.id());
        QCOMPARE(seen->name, QStringLiteral("Bob"));
        QCOMPARE(seen->port, b->port());
        QVERIFY(seen->addresses.contains(QHostAddress(QStringLiteral("127.0.0.1"))));
        QCOMPARE(a->discovery()->peers().size(), 1);
    }

    void onALargeLanStrangersAreNearbyUntilSomeoneTalks()
    {
        NodeConfig config = discoveryConfig(47510);
        config.discoveryLimits.dialEveryoneUpTo = 0; // every LAN counts as large
        TestNode a(QStringLiteral("Alice"), config), b(QStringLiteral("Bob"), config),
            c(QStringLiteral("Carol"), config);
        std::array<TestNode *, 3> all{&a, &b, &c};
        for (TestNode *node : all)
            QTRY_COMPARE_WITH_TIMEOUT((*node)->discovery()->peers().size(), 2, Timeout);
        // A dial would have been made when the peer was heard, before it entered the table.
        for (TestNode *node : all) {
            QCOMPARE((*node)->discovery()->stats().dials, 0u);
            QCOMPARE((*node)->sessions().sessionCount(), 0);
        }

        QString error;
        QVERIFY2(a->openDirect(b.id(), &error), qPrintable(error)); // a window opened
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);

        QStringList arrived;
        connect(&c->messenger(), &Messenger::messageAdded, this,
                [&arrived](const MessageRecord &message) { arrived.append(message.uuid); });
        const auto sent = a->sendText(c.id(), QStringLiteral("hi, nearby"), {}, &error);
        QVERIFY2(sent, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!arrived.isEmpty(), Timeout);
        QCOMPARE(arrived, QStringList{sent->uuid});
        QVERIFY(a->discovery()->stats().dials >= 2);
        // Bob talked to nobody: he dialled nobody, and Carol is still only nearby to him.
        QCOMPARE(b->discovery()->stats().dials, 0u);
        QVERIFY(!b->sessions().isConnected(c.id()));
    }

    void oneIdHeardOnTwoAddressesIsOneEntry()
    {
        TestNode a(QStringLiteral("Alice"), discoveryConfig(47502));
        QSignalSpy discovered(a->discovery(), &DiscoveryService::peerDiscovered);
        QSignalSpy updated(a->discovery(), &DiscoveryService::peerUpdated);
        Stranger one(QStringLiteral("127.0.0.2")), two(QStringLiteral("127.0.0.3"));
        one.announce(Discovery::Kind::Announce, fakeId('a'), 9, 47502);
        QTRY_COMPARE_WITH_TIMEOUT(discovered.count(), 1, Timeout);
        two.announce(Discovery::Kind::Announce, fakeId('a'), 9, 47502);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, Timeout);
        QCOMPARE(discovered.count(), 1);
        const QList<DiscoveredPeer> peers = a->discovery()->peers();
        QCOMPARE(peers.size(), 1);
        QCOMPARE(peers.first().addresses.size(), 2);
    }

    void forgedIdNeverGoesOnline()
    {
        // The stranger claims an id but points at a real node holding another key.
        TestNode a(QStringLiteral("Alice"), discoveryConfig(47503));
        TestNode victim(QStringLiteral("Victim"));
        const QString forged = fakeId('f'); // above any real id: Alice dials at once
        QSignalSpy refused(&a->sessions(), &SessionManager::sessionRefused);
        Stranger liar(QStringLiteral("127.0.0.1"));
        liar.announce(Discovery::Kind::Announce, forged, victim->port(), 47503);
        QTRY_VERIFY_WITH_TIMEOUT(!refused.isEmpty(), Timeout);
        QCOMPARE(refused.first().first().toString(), victim.id());
        QVERIFY(!a->sessions().isConnected(forged));
        QVERIFY(!a->sessions().isConnected(victim.id()));
        QVERIFY(a->discovery()->peer(forged)); // still only a hint
    }

    void queryIsAnsweredByUnicastToTheAsker()
    {
        TestNode a(QStringLiteral("Alice"), discoveryConfig(47504));
        Stranger asker(QStringLiteral("127.0.0.2"));
        for (int i = 0; i < 5; ++i) // a burst of queries earns one answer
            asker.announce(Discovery::Kind::Query, fakeId('b'), 9, 47504);
        QTRY_VERIFY_WITH_TIMEOUT(asker.socket().hasPendingDatagrams(), Timeout);
        const QNetworkDatagram answer = asker.socket().receiveDatagram();
        const auto decoded = Discovery::decodeAnnouncement(answer.data());
        QVERIFY(decoded);
        QCOMPARE(int(decoded->kind), int(Discovery::Kind::Announce));
        QCOMPARE(decoded->id, a.id());
        QCOMPARE(decoded->name, QStringLiteral("Alice"));
        QCOMPARE(decoded->port, a->port());
        QTRY_COMPARE_WITH_TIMEOUT(a->discovery()->stats().answersSent, 1u, Timeout);
        QVERIFY(a->discovery()->peer(fakeId('b'))); // the query announced the asker too
    }

    void floodsAreDroppedAndBounded()
    {
        NodeConfig config = discoveryConfig(47505);
        TestNode a(QStringLiteral("Alice"), config);
        QTRY_COMPARE_WITH_TIMEOUT(a->discovery()->stats().queriesSent, 1u, Timeout);
        Stranger flooder(QStringLiteral("127.0.0.9"));
        flooder.send(QByteArray(2000, 'x'), 47505);                 // oversized
        flooder.send(QByteArray("M-SEARCH * HTTP/1.1\r\n"), 47505); // foreign
        flooder.send(QByteArray(Discovery::Magic, Discovery::MagicSize) + "\xff",
                     47505); // malformed
        QTRY_COMPARE_WITH_TIMEOUT(a->discovery()->stats().dropped, 3u, Timeout);

        // Thousands of made-up ids from one address: the source's budget runs out long
        // before the table fills.
        QRandomGenerator rng(7);
        for (int i = 0; i < 3000; ++i) {
            QByteArray raw(32, Qt::Uninitialized);
            for (char &c : raw)
                c = char(rng.bounded(256));
            flooder.announce(Discovery::Kind::Query, QString::fromLatin1(raw.toHex()), 9, 47505);
        }
        QTRY_VERIFY_WITH_TIMEOUT(a->discovery()->stats().rateLimited > 0, Timeout);
        const auto stats = a->discovery()->stats();
        qInfo("flood: %llu received, %llu rate-limited, %d peers, %llu dials",
              stats.datagramsReceived, stats.rateLimited, int(a->discovery()->peers().size()),
              stats.dials);
        const DiscoveryLimits limits;
        QVERIFY(a->discovery()->peers().size() <= limits.datagramBurstPerSource + 10);
        QVERIFY(stats.dials <= quint64(limits.dialBurst + limits.dialsPerSecond * 2));

        // Honest nodes from another address are still heard.
        TestNode b(QStringLiteral("Bob"), config);
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);
    }

    void goodbyeRemovesThePeerAtOnce()
    {
        NodeConfig config = discoveryConfig(47506); // default interval: only a goodbye is quick
        TestNode a(QStringLiteral("Alice"), config);
        auto b = std::make_unique<TestNode>(QStringLiteral("Bob"), config);
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, *b), Timeout);
        const QString bId = b->id();
        // The session may come up on the first announcement, before Bob's own one was heard.
        QTRY_VERIFY_WITH_TIMEOUT(a->discovery()->peer(bId), Timeout);
        QSignalSpy lost(a->discovery(), &DiscoveryService::peerLost);
        b.reset();
        QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 1, Timeout);
        QCOMPARE(lost.first().first().toString(), bId);
        QVERIFY(!a->discovery()->peer(bId));
    }

    void silentPeersGoOfflineUnlessInSession()
    {
        NodeConfig config = discoveryConfig(47507);
        config.discoveryTiming.announceInterval = 200ms; // lost after 720 ms
        config.discoveryTiming.higherIdDialDelay = 50ms;
        TestNode a(QStringLiteral("Alice"), config);
        TestNode b(QStringLiteral("Bob")); // no discovery of its own: it never announces
        QSignalSpy lost(a->discovery(), &DiscoveryService::peerLost);
        Stranger herald(QStringLiteral("127.0.0.1")); // Bob listens on 127.0.0.1 only
        herald.announce(Discovery::Kind::Announce, b.id(), b->port(), 47507);
        herald.announce(Discovery::Kind::Announce, fakeId('c'), 9, 47507);
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);
        // The made-up peer going marks that the timeout has passed for both.
        QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 1, Timeout);
        QCOMPARE(lost.first().first().toString(), fakeId('c'));
        QVERIFY(a->discovery()->peer(b.id())); // silent, but its session proves it is there

        const QString bId = b.id();
        b.stop();
        QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 2, Timeout);
        QCOMPARE(lost.last().first().toString(), bId);
    }

    void scanFindsANodeThatCannotMulticast()
    {
        // Bob joins no group and sends no multicast: a laptop on a network that drops both.
        TestNode b(QStringLiteral("Bob"));
        DiscoveryConfig quiet;
        quiet.port = 47508;
        quiet.multicast = false;
        DiscoveryService bobDiscovery(b->sessions(), quiet);
        bobDiscovery.setDisplayName(QStringLiteral("Bob"));
        QString error;
        QVERIFY2(bobDiscovery.start(&error), qPrintable(error));
        // Alice binds the shared port last, so on Linux the unicast probes reach her socket.
        TestNode a(QStringLiteral("Alice"), discoveryConfig(47508));
        QTRY_COMPARE_WITH_TIMEOUT(a->discovery()->stats().queriesSent, 1u, Timeout);
        // Barrier: Alice's own query comes back to her through the group. The kernel hands one
        // multicast datagram to every socket that gets it in the same pass, so from here on a
        // wrongly delivered copy would already wait in Bob's socket; one pass of the event loop
        // reads it.
        QTRY_VERIFY_WITH_TIMEOUT(a->discovery()->stats().datagramsReceived >= 1, Timeout);
        QCoreApplication::processEvents();
        QCOMPARE(bobDiscovery.stats().datagramsReceived, 0u);
        QVERIFY(bobDiscovery.peers().isEmpty());
        QVERIFY(a->discovery()->peers().isEmpty());

        QSignalSpy finished(&bobDiscovery, &DiscoveryService::scanFinished);
        QVERIFY(bobDiscovery.scan());
        QVERIFY(!bobDiscovery.scan()); // one at a time
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);
        QVERIFY(a->discovery()->peer(b.id()));                        // from the probe itself
        QTRY_VERIFY_WITH_TIMEOUT(bobDiscovery.peer(a.id()), Timeout); // from Alice's answer
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, Timeout);
        QCOMPARE(finished.first().first().toInt(), 253); // 127.0.0.0/24 without 127.0.0.1
        bobDiscovery.stop();
    }

    void networkChangeRejoinsAndReannounces()
    {
        NodeConfig config = discoveryConfig(47509);
        config.discoveryTiming.interfacePollInterval = 100ms;
        TestNode a(QStringLiteral("Alice"), config);
        auto queries = [&] { return a->discovery()->stats().queriesSent; };
        QTRY_COMPARE_WITH_TIMEOUT(queries(), 1u, Timeout);
        QCOMPARE(a->discovery()->interfaceNames(), QStringList{QStringLiteral("lo")});
        auto ip = [](const QString &args) {
            return QProcess::execute(QStringLiteral("ip"), args.split(u' '));
        };
        // A cable plugged in: a veth pair inside this test's own namespace.
        if (ip(QStringLiteral("link add tcv0 type veth peer name tcv1")) != 0)
            TINCAN_SKIP_WITHOUT_NETNS("cannot create a veth pair here");
        auto cleanup = qScopeGuard([&] { ip(QStringLiteral("link del tcv0")); });
        QCOMPARE(ip(QStringLiteral("addr add 10.99.0.1/24 dev tcv0")), 0);
        QCOMPARE(ip(QStringLiteral("link set tcv1 up")), 0);
        QCOMPARE(ip(QStringLiteral("link set tcv0 up")), 0);
        // Loopback is dropped as soon as a real interface exists.
        QTRY_COMPARE_WITH_TIMEOUT(a->discovery()->interfaceNames().size(), 2, Timeout);
        QVERIFY(!a->discovery()->interfaceNames().contains(QStringLiteral("lo")));
        QTRY_VERIFY_WITH_TIMEOUT(queries() >= 2, Timeout);

        cleanup.dismiss(); // unplugged: back to loopback only, and another round
        const auto before = queries();
        QCOMPARE(ip(QStringLiteral("link del tcv0")), 0);
        QTRY_COMPARE_WITH_TIMEOUT(a->discovery()->interfaceNames(),
                                  QStringList{QStringLiteral("lo")}, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(queries() > before, Timeout);
    }
};

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
