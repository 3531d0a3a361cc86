// kill -9 of a receiving node, as a real process, in the middle of a burst: afterwards every
// message the sender saw as delivered is in the receiver's database, none twice, and SQLite's
// integrity check passes.
#include "chat/messenger.h"
#include "net/sessionmanager.h"
#include "nodeprocess.h"
#include "profile/profile.h"
#include "store/database.h"
#include "testnode.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 30000;
constexpr int Burst = 3000;

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
} // namespace

class TestCrashDurability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedReceiverLosesNothingAndDuplicatesNothing()
    {
        QTemporaryDir tmp;
        const QString receiverProfile = tmp.filePath(QStringLiteral("receiver"));
        const QString port = QString::number(freePort());
        const QStringList args{QStringLiteral("--port"), port};
        {
            // The burst is larger than a stranger's message request may hold.
            QString error;
            auto profile = Profile::open(receiverProfile, &error);
            QVERIFY2(profile && profile->setSetting(QStringLiteral("acceptEveryone"), true, &error),
                     qPrintable(error));
        }
        auto receiver = std::make_unique<NodeProcess>(receiverProfile);
        receiver->start(args);
        QVERIFY2(receiver->waitUntilReady(), qPrintable(receiver->output()));
        const QString receiverId =
            receiver->nodeInfo().value(QStringLiteral("fingerprint")).toString();

        TestNode sender(QStringLiteral("Sender"));
        QString error;
        QVERIFY(sender->connectTo(QStringLiteral("127.0.0.1:") + port, &error));
        QTRY_VERIFY_WITH_TIMEOUT(sender->sessions().isConnected(receiverId), Timeout);

        QSet<QString> delivered;
        connect(&sender->messenger(), &Messenger::messageStateChanged, this,
                [&delivered](const QString &uuid, MessageState state) {
                    if (state >= MessageState::Delivered)
                        delivered.insert(uuid);
                });
        for (int i = 0; i < Burst; ++i)
            QVERIFY(sender->messenger().sendText(receiverId, QStringLiteral("burst %1").arg(i), {},
                                                 &error));

        QTRY_VERIFY_WITH_TIMEOUT(delivered.size() >= 300, Timeout);
        receiver->kill();
        QVERIFY(receiver->waitForExit(5000));
        const QSet<QString> deliveredBeforeCrash = delivered;
        qInfo("killed the receiver with %lld of %d delivered", qint64(deliveredBeforeCrash.size()),
              Burst);
        QVERIFY2(deliveredBeforeCrash.size() < Burst, "the kill must land mid-burst");

        receiver = std::make_unique<NodeProcess>(receiverProfile);
        receiver->start(args);
        QVERIFY2(receiver->waitUntilReady(), qPrintable(receiver->output()));
        QTRY_COMPARE_WITH_TIMEOUT(sender->messenger().outbox().pendingCount(receiverId), 0,
                                  Timeout);
        QCOMPARE(delivered.size(), Burst);
        receiver->terminate();
        QVERIFY(receiver->waitForExit(5000));

        Database db(QDir(receiverProfile).filePath(Database::fileName()));
        QVERIFY(db.migrate(&error));
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(QStringLiteral("SELECT uuid FROM messages")));
        QSet<QString> stored;
        int rows = 0;
        while (query.next()) {
            stored.insert(query.value(0).toString());
            ++rows;
        }
        QCOMPARE(rows, Burst);
        QCOMPARE(stored.size(), Burst);
        for (const QString &uuid : deliveredBeforeCrash)
            QVERIFY2(stored.contains(uuid), qPrintable(uuid));
        QString report;
        QVERIFY2(db.checkIntegrity(&report), qPrintable(report));
    }
};

QTEST_GUILESS_MAIN(TestCrashDurability)
#include "tst_crashdurability.moc"
