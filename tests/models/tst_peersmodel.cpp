#include "models/peersmodel.h"
#include "modeltestutil.h"
#include "store/peerrepository.h"

#include <QAbstractItemModelTester>

using namespace Tincan;
using namespace ModelTest;

class TestPeersModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void peerGoesOnlineAndOfflineInPlace()
    {
        TestNode alice(QStringLiteral("Alice"));
        auto bob = std::make_unique<TestNode>(QStringLiteral("Bob"));
        PeersModel model(alice.node());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        Changes changes(&model);

        QVERIFY(link(alice, *bob));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, Timeout);
        QCOMPARE(changes.inserted.size(), 1);
        const QModelIndex row = model.index(0);
        QCOMPARE(row.data(PeersModel::IdRole).toString(), bob->id());
        QCOMPARE(row.data(PeersModel::NameRole).toString(), QStringLiteral("Bob"));
        QCOMPARE(row.data(PeersModel::OnlineRole).toBool(), true);
        QCOMPARE(row.data(PeersModel::PresenceRole).toString(), QStringLiteral("online"));
        QCOMPARE(model.onlineCount(), 1);

        changes.clear();
        const QString bobId = bob->id();
        bob.reset();
        QTRY_VERIFY_WITH_TIMEOUT(!model.index(0).data(PeersModel::OnlineRole).toBool(), Timeout);
        QCOMPARE(model.rowCount(), 1); // a known peer stays, offline
        QCOMPARE(model.index(0).data(PeersModel::PresenceRole).toString(),
                 QStringLiteral("offline"));
        QVERIFY(changes.changed.size() >= 1);
        QCOMPARE(changes.reset.size(), 0);
        QCOMPARE(changes.removed.size(), 0);
        QCOMPARE(model.onlineCount(), 0);
        QCOMPARE(model.indexOf(bobId), 0);
    }

    void onlinePeersSortFirstAndTrustShows()
    {
        TestNode alice(QStringLiteral("Alice"));
        TestNode bob(QStringLiteral("Bob")), carol(QStringLiteral("Carol"));
        QVERIFY(link(alice, bob));
        QVERIFY(link(alice, carol));
        PeersModel model(alice.node());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0).data(PeersModel::NameRole).toString(), QStringLiteral("Bob"));

        // Bob goes away: Carol (online) moves above him.
        Changes changes(&model);
        bob.stop();
        QTRY_COMPARE_WITH_TIMEOUT(model.index(0).data(PeersModel::NameRole).toString(),
                                  QStringLiteral("Carol"), Timeout);
        QCOMPARE(changes.moved.size(), 1);
        QCOMPARE(changes.reset.size(), 0);

        QString error;
        QVERIFY2(alice->setPeerTrust(carol.id(), Trust::Verified, &error), qPrintable(error));
        QCOMPARE(model.index(0).data(PeersModel::TrustRole).toInt(), int(Trust::Verified));
        QCOMPARE(model.roleNames().value(PeersModel::TrustRole), QByteArray("trust"));
    }
};

QTEST_MAIN(TestPeersModel)
#include "tst_peersmodel.moc"
