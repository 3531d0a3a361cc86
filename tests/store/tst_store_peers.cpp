#include "storetestutil.h"

#include "crypto/account.h"
#include "store/peerrepository.h"

using namespace Tincan;
using namespace StoreTest;

class TestPeers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void upsertFindAll()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        PeerRepository peers(*db);
        QVERIFY(!peers.find(alice));
        PeerRecord record;
        record.id = bob;
        record.name = QStringLiteral("Bob");
        QVERIFY(peers.upsert(record));
        record.id = alice;
        record.name = QStringLiteral("Zed");
        record.alias = QStringLiteral("Alice"); // sorts by the alias
        QVERIFY(peers.upsert(record));
        record.name = QStringLiteral("Renamed");
        QVERIFY(peers.upsert(record));

        const auto all = peers.all();
        QVERIFY(all);
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).id, alice);
        QCOMPARE(all->at(0).name, QStringLiteral("Renamed"));
        QCOMPARE(all->at(1).id, bob);
        QCOMPARE(all->at(1).trust, Trust::Unverified);
        QVERIFY(!all->at(1).lastSeen.isValid());
    }

    // A device's account is kept with the newest list; the rows go when the stranger does.
    void accountsAreRecordedAndForgottenWithTheirDevices()
    {
        QTemporaryDir tmp;
        QTemporaryDir keys;
        const auto db = openDatabase(tmp);
        PeerRepository peers(*db);
        QString error;
        const auto account = Account::loadOrCreate(keys.path(), bob, &error);
        QVERIFY2(account, qPrintable(error));
        PeerRecord record;
        record.id = bob;
        QVERIFY(peers.upsert(record));
        QVERIFY(!peers.recordAccount(alice, account->devices())); // not on the list
        QVERIFY(peers.recordAccount(bob, account->devices()));
        QCOMPARE(peers.find(bob)->accountId, account->id());
        QCOMPARE(peers.account(account->id())->devices, QStringList{bob});
        QVERIFY(peers.upsert(record)); // an upsert without the account keeps it
        QCOMPARE(peers.find(bob)->accountId, account->id());

        QCOMPARE(peers.forgetStrangers(QDateTime::currentDateTimeUtc(), 0), 1);
        QVERIFY(!peers.account(account->id()));
    }

    void invalidIdsAreRefused_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("empty") << QString();
        QTest::newRow("short") << QString(63, QLatin1Char('a'));
        QTest::newRow("upper") << QString(64, QLatin1Char('A'));
        QTest::newRow("not hex") << QString(64, QLatin1Char('g'));
        QTest::newRow("sql") << (QString(60, QLatin1Char('a')) + QStringLiteral("' --"));
    }

    void invalidIdsAreRefused()
    {
        QFETCH(QString, id);
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        PeerRepository peers(*db);
        PeerRecord record;
        record.id = id;
        QVERIFY(!peers.upsert(record));
        QVERIFY(!peers.recordSeen(id, QStringLiteral("x"), QStringLiteral("1.2.3.4:5"), {}));
        QCOMPARE(peers.all()->size(), 0);
    }

    void settersChangeOneField()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        PeerRepository peers(*db);
        QVERIFY(!peers.setTrust(alice, Trust::Verified)); // unknown peer
        QVERIFY(peers.recordSeen(alice, QStringLiteral("Alice"), {}, {}));
        QVERIFY(peers.setTrust(alice, Trust::Blocked));
        QVERIFY(peers.setAlias(alice, QStringLiteral("Ally")));
        QVERIFY(peers.setContact(alice, true));
        const auto found = peers.find(alice);
        QCOMPARE(found->trust, Trust::Blocked);
        QCOMPARE(found->alias, QStringLiteral("Ally"));
        QCOMPARE(found->name, QStringLiteral("Alice"));
        QVERIFY(found->isContact);
    }

    void recordSeenKeepsRecentAddressesFirst()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        PeerRepository peers(*db);
        const QDateTime start = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 10; ++i) {
            QVERIFY(peers.recordSeen(alice, QStringLiteral("Alice"),
                                     QStringLiteral("10.0.0.%1:4000").arg(i), start.addSecs(i)));
        }
        // Seen again at an old address: it moves to the front, once.
        QVERIFY(
            peers.recordSeen(alice, QString(), QStringLiteral("10.0.0.5:4000"), start.addSecs(20)));
        auto found = peers.find(alice);
        QCOMPARE(found->addresses.size(), PeerRepository::maxAddresses);
        QCOMPARE(found->addresses.first(), QStringLiteral("10.0.0.5:4000"));
        QCOMPARE(found->addresses.count(QStringLiteral("10.0.0.5:4000")), 1);
        QCOMPARE(found->addresses.at(1), QStringLiteral("10.0.0.9:4000"));
        QVERIFY(!found->addresses.contains(QStringLiteral("10.0.0.0:4000")));
        QCOMPARE(found->name, QStringLiteral("Alice")); // an empty name keeps the old one
        QCOMPARE(found->lastSeen.toMSecsSinceEpoch(), start.addSecs(20).toMSecsSinceEpoch());

        // An announcement that arrives late does not move last_seen back.
        QVERIFY(peers.recordSeen(alice, QStringLiteral("Alice 2"), {}, start));
        found = peers.find(alice);
        QCOMPARE(found->lastSeen.toMSecsSinceEpoch(), start.addSecs(20).toMSecsSinceEpoch());
        QCOMPARE(found->name, QStringLiteral("Alice 2"));
    }
};

QTEST_GUILESS_MAIN(TestPeers)
#include "tst_store_peers.moc"
