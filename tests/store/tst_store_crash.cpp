#include "storetestutil.h"

#include <QProcess>

using namespace Tincan;
using namespace StoreTest;

// kill -9 of a real process while it commits bursts: whatever it reported committed (what a
// receiver would have acknowledged) is there after a restart, once, and the file is intact.
class TestStoreCrash : public QObject
{
    Q_OBJECT

private:
    static qint64 lastCommitted(QProcess &process, qint64 atLeast)
    {
        qint64 last = 0;
        while (last < atLeast && process.waitForReadyRead(20000)) {
            while (process.canReadLine()) {
                const QByteArray line = process.readLine().trimmed();
                if (line.startsWith("committed "))
                    last = line.mid(10).toLongLong();
            }
        }
        return last;
    }

private Q_SLOTS:
    void killDuringBurstLosesNothingCommitted()
    {
        QTemporaryDir tmp;
        qint64 acknowledged = 0;
        for (int round = 1; round <= 3; ++round) {
            QProcess writer;
            writer.start(QStringLiteral(STORE_CRASH_WRITER),
                         {tmp.path(), QString::number(acknowledged), QStringLiteral("-1")});
            QVERIFY2(writer.waitForStarted(), qPrintable(writer.errorString()));
            acknowledged = lastCommitted(writer, acknowledged + 2000);
            writer.kill(); // SIGKILL, mid-burst: the writer never stops by itself
            QVERIFY(writer.waitForFinished(10000));
            QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
            // Lines still buffered in the pipe were committed too.
            while (writer.canReadLine()) {
                const QByteArray line = writer.readLine().trimmed();
                if (line.startsWith("committed "))
                    acknowledged = line.mid(10).toLongLong();
            }
            QVERIFY2(acknowledged >= 2000 * round, "the writer made progress");

            const auto db = openDatabase(tmp);
            QString report;
            QVERIFY2(db->checkIntegrity(&report), qPrintable(report));
            const qint64 stored = count(*db, QStringLiteral("SELECT count(*) FROM messages"));
            // Everything acknowledged is there; at most the batch in flight is there as well.
            QVERIFY2(
                stored >= acknowledged && stored <= acknowledged + 100,
                qPrintable(
                    QStringLiteral("%1 stored, %2 acknowledged").arg(stored).arg(acknowledged)));
            QCOMPARE(count(*db, QStringLiteral("SELECT count(DISTINCT body) FROM messages")),
                     stored);
            acknowledged = stored;
        }

        // The sender re-sends everything (its acks were lost): nothing is stored twice.
        QProcess resend;
        resend.start(QStringLiteral(STORE_CRASH_WRITER),
                     {tmp.path(), QStringLiteral("0"), QString::number(acknowledged + 50)});
        QVERIFY(resend.waitForFinished(60000));
        QCOMPARE(resend.exitCode(), 0);
        const auto db = openDatabase(tmp);
        QCOMPARE(count(*db, QStringLiteral("SELECT count(*) FROM messages")), acknowledged + 50);
        QCOMPARE(count(*db, QStringLiteral("SELECT unread FROM conversations")), acknowledged + 50);
    }
};

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "tst_store_crash.moc"
