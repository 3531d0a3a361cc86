// The pieces of discovery that need no network: rate limits, the peer table, scan targets.
#include "discovery/interfaces.h"
#include "discovery/peertable.h"
#include "discovery/ratelimiter.h"
#include "discovery/subnetscanner.h"

#include <QTest>

using namespace Tincan;

namespace {

QString idOf(int n)
{
    return QStringLiteral("%1").arg(n, 64, 16, QLatin1Char('0'));
}

QNetworkAddressEntry entry(const QString &ip, int prefix)
{
    QNetworkAddressEntry e;
    e.setIp(QHostAddress(ip));
    e.setPrefixLength(prefix);
    return e;
}

const auto keepNone = [](const QString &) { return false; };

} // namespace

class TestDiscoveryParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenBucketAllowsBurstThenRate()
    {
        TokenBucket bucket(10, 5, 0);
        int taken = 0;
        while (bucket.tryTake(0))
            ++taken;
        QCOMPARE(taken, 5);
        QVERIFY(!bucket.tryTake(50));
        QVERIFY(bucket.tryTake(100)); // 10/s: one token per 100 ms
        QVERIFY(!bucket.tryTake(100));
        QVERIFY(bucket.tryTake(10'000));
        QCOMPARE(bucket.available(1'000'000), 5.0); // never more than the burst
    }

    void rateLimiterIsPerSourceAndBounded()
    {
        SourceRateLimiter limiter(1, 3, 4);
        const QHostAddress a(QStringLiteral("10.0.0.1")), b(QStringLiteral("10.0.0.2"));
        for (int i = 0; i < 3; ++i)
            QVERIFY(limiter.allow(a, 0));
        QVERIFY(!limiter.allow(a, 0));
        QVERIFY(limiter.allow(b, 0)); // another source has its own budget
        for (quint32 i = 0; i < 1000; ++i)
            limiter.allow(QHostAddress(0x0a000100 + i), 1 + i);
        QCOMPARE(limiter.size(), 4);
    }

    void oneIdOnSeveralPathsIsOneEntry()
    {
        PeerTable table(16, 8);
        table.setLocalNetworks({{QHostAddress(QStringLiteral("192.168.1.5")), 24}});
        const QString id = idOf(1);
        QCOMPARE(table.upsert(id, QStringLiteral("Ada"), 4000,
                              QHostAddress(QStringLiteral("10.8.0.7")), 10),
                 PeerTable::Change::New);
        QCOMPARE(table.upsert(id, QStringLiteral("Ada"), 4000,
                              QHostAddress(QStringLiteral("192.168.1.20")), 20),
                 PeerTable::Change::Updated);
        QCOMPARE(table.upsert(id, QStringLiteral("Ada"), 4000,
                              QHostAddress(QStringLiteral("fe80::1%eth0")), 30),
                 PeerTable::Change::Updated);
        QCOMPARE(table.upsert(id, QStringLiteral("Ada"), 4000,
                              QHostAddress(QStringLiteral("10.8.0.7")), 40),
                 PeerTable::Change::None);
        QCOMPARE(table.size(), 1);
        const DiscoveredPeer peer = *table.find(id);
        // Same subnet first, IPv4 before link-local IPv6, the VPN address last.
        QCOMPARE(peer.endpoints(), (QStringList{QStringLiteral("192.168.1.20:4000"),
                                                QStringLiteral("[fe80::1%eth0]:4000"),
                                                QStringLiteral("10.8.0.7:4000")}));
        QCOMPARE(table.upsert(id, QStringLiteral("Ada L."), 4000,
                              QHostAddress(QStringLiteral("10.8.0.7")), 50),
                 PeerTable::Change::Updated);
        QCOMPARE(table.find(id)->name, QStringLiteral("Ada L."));
    }

    void tableAndAddressListsAreBounded()
    {
        PeerTable table(8, 3);
        QString evicted;
        for (int i = 0; i < 100; ++i)
            table.upsert(idOf(i), QString(), 1, QHostAddress(quint32(0x0a000001 + i)), i, &evicted);
        QCOMPARE(table.size(), 8);
        QCOMPARE(evicted, idOf(91)); // the least recently heard goes
        QVERIFY(table.contains(idOf(99)));
        for (int i = 0; i < 50; ++i)
            table.upsert(idOf(99), QString(), 1, QHostAddress(quint32(0x0b000001 + i)), 100 + i);
        QCOMPARE(table.find(idOf(99))->addresses.size(), 3);
    }

    void silentPeersExpireUnlessKept()
    {
        PeerTable table(16, 8);
        table.upsert(idOf(1), QString(), 1, QHostAddress(QStringLiteral("10.0.0.1")), 0);
        table.upsert(idOf(2), QString(), 1, QHostAddress(QStringLiteral("10.0.0.2")), 0);
        table.upsert(idOf(3), QString(), 1, QHostAddress(QStringLiteral("10.0.0.3")), 0);
        table.upsert(idOf(3), QString(), 1, QHostAddress(QStringLiteral("10.0.1.3")), 900);
        QVERIFY(table.expire(1000, 1000, keepNone).lost.isEmpty());
        const auto expired =
            table.expire(1500, 1000, [](const QString &id) { return id == idOf(2); });
        QCOMPARE(expired.lost, QStringList{idOf(1)});
        QCOMPARE(expired.updated, QStringList{idOf(3)}); // its quiet path is gone
        QCOMPARE(table.find(idOf(3))->addresses,
                 QList<QHostAddress>{QHostAddress(QStringLiteral("10.0.1.3"))});
        QVERIFY(table.contains(idOf(2))); // kept: it has a session
        QCOMPARE(table.find(idOf(2))->addresses.size(), 1);
    }

    void goodbyeMarkIsClearedByNews()
    {
        PeerTable table(4, 4);
        table.upsert(idOf(1), QString(), 1, QHostAddress(QStringLiteral("10.0.0.1")), 0);
        table.markGoodbye(idOf(1));
        QVERIFY(table.saidGoodbye(idOf(1)));
        table.upsert(idOf(1), QString(), 1, QHostAddress(QStringLiteral("10.0.0.1")), 1);
        QVERIFY(!table.saidGoodbye(idOf(1)));
    }

    void onlyLanNeighboursAreHeard()
    {
        const QList<QPair<QHostAddress, int>> networks{
            {QHostAddress(QStringLiteral("192.168.1.5")), 24},
            {QHostAddress(QStringLiteral("fd00::5")), 64}};
        QVERIFY(isOnLink(QHostAddress(QStringLiteral("192.168.1.200")), networks));
        QVERIFY(isOnLink(QHostAddress(QStringLiteral("fd00::1234")), networks));
        QVERIFY(isOnLink(QHostAddress(QStringLiteral("fe80::1%eth0")), networks));
        QVERIFY(isOnLink(QHostAddress(QStringLiteral("169.254.3.4")), networks));
        QVERIFY(isOnLink(QHostAddress(QStringLiteral("127.0.0.2")), networks));
        QVERIFY(!isOnLink(QHostAddress(QStringLiteral("192.168.2.1")), networks));
        QVERIFY(!isOnLink(QHostAddress(QStringLiteral("8.8.8.8")), networks));
        QVERIFY(!isOnLink(QHostAddress(QStringLiteral("2001:db8::1")), networks));
    }

    void scanCoversAtMostASlash24PerAddress()
    {
        // A /16: only the /24 around the own address, without it.
        QList<QHostAddress> targets = scanTargets({entry(QStringLiteral("172.16.5.9"), 16)});
        QCOMPARE(targets.size(), 253);
        QCOMPARE(targets.first(), QHostAddress(QStringLiteral("172.16.5.1")));
        QCOMPARE(targets.last(), QHostAddress(QStringLiteral("172.16.5.254")));
        QVERIFY(!targets.contains(QHostAddress(QStringLiteral("172.16.5.9"))));

        // A /28 is scanned whole; point-to-point links, single hosts and IPv6 not at all.
        QCOMPARE(scanTargets({entry(QStringLiteral("10.1.1.17"), 28)}).size(), 13);
        QVERIFY(scanTargets({entry(QStringLiteral("10.1.1.1"), 31),
                             entry(QStringLiteral("10.2.2.2"), 32),
                             entry(QStringLiteral("fe80::1"), 64)})
                    .isEmpty());

        // Two interfaces in one subnet do not double the probes.
        QCOMPARE(scanTargets({entry(QStringLiteral("192.168.0.2"), 24),
                              entry(QStringLiteral("192.168.0.3"), 24)})
                     .size(),
                 252);
    }
};

QTEST_GUILESS_MAIN(TestDiscoveryParts)
#include "tst_discoveryparts.moc"
