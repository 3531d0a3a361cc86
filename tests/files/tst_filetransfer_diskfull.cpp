// A full disk on the receiver: a clear error, and never a file that looks complete. Runs in a
// private mount namespace (mountns-run.sh) with a small tmpfs as the download folder.
#include "filetestutil.h"
#include "net/sessionmanager.h"
#include "netnsskip.h"
#include "testnode.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;
using namespace FileTestUtil;

namespace {
constexpr int Timeout = 30000;
constexpr auto Out = TransferDirection::Outgoing;
constexpr auto In = TransferDirection::Incoming;
} // namespace

class TestFileTransferDiskFull : public QObject
{
    Q_OBJECT

    QTemporaryDir work;
    QTemporaryDir mountPoint;
    std::unique_ptr<TestNode> alice;
    std::unique_ptr<TestNode> bob;

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("TINCAN_IN_MOUNTNS") != QStringLiteral("1"))
            TINCAN_SKIP_WITHOUT_NETNS(
                "needs a private mount namespace: run through mountns-run.sh");
    }

    void init()
    {
        // 8 MiB of room, fresh for every test.
        QCOMPARE(QProcess::execute(QStringLiteral("mount"),
                                   {QStringLiteral("-t"), QStringLiteral("tmpfs"),
                                    QStringLiteral("-o"), QStringLiteral("size=8m"),
                                    QStringLiteral("tincan-full"), mountPoint.path()}),
                 0);
        alice = std::make_unique<TestNode>(QStringLiteral("Alice"));
        bob = std::make_unique<TestNode>(QStringLiteral("Bob"));
        QString error;
        QVERIFY(bob->node().setSetting(QStringLiteral("downloadDir"), mountPoint.path(), &error));
        QVERIFY(bob->node().setSetting(QStringLiteral("acceptEveryone"), true, &error));
        QVERIFY2(alice->node().connectTo(bob->address(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(alice->node().sessions().isConnected(bob->id()), Timeout);
    }

    void cleanup()
    {
        alice.reset();
        bob.reset();
        QProcess::execute(QStringLiteral("umount"), {mountPoint.path()});
    }

    void anOfferLargerThanTheFreeSpaceFailsAtOnce()
    {
        const QString source = work.filePath(QStringLiteral("huge.bin"));
        QVERIFY(writeFile(source, 20'000'000));
        QString error;
        const QString id = alice->node().files().sendFile(bob->id(), source, &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(alice->node(), id, bob->id(), Out), TransferState::Failed,
                                  Timeout);
        const auto failed = record(bob->node(), id, alice->id(), In);
        QCOMPARE(failed->state, TransferState::Failed);
        QVERIFY2(failed->error.contains(QStringLiteral("not enough free space")),
                 qPrintable(failed->error));
        QVERIFY(record(alice->node(), id, bob->id(), Out)->error.contains(QStringLiteral("free")));
        QCOMPARE(entries(mountPoint.path()), QStringList());
    }

    // Both offers fit the free space when they arrive; together they do not, so one of them
    // hits ENOSPC while writing.
    void aDiskThatFillsDuringTheTransferLeavesNoPartialFile()
    {
        const QString first = work.filePath(QStringLiteral("first.bin"));
        const QString second = work.filePath(QStringLiteral("second.bin"));
        QVERIFY(writeFile(first, 6'000'000, 1));
        QVERIFY(writeFile(second, 6'000'000, 2));
        QString error;
        const QString id1 = alice->node().files().sendFile(bob->id(), first, &error);
        const QString id2 = alice->node().files().sendFile(bob->id(), second, &error);
        QVERIFY(!id1.isEmpty() && !id2.isEmpty());
        auto finished = [&](const QString &id) {
            return isFinished(stateOf(alice->node(), id, bob->id(), Out)) &&
                   isFinished(stateOf(bob->node(), id, alice->id(), In));
        };
        QTRY_VERIFY_WITH_TIMEOUT(finished(id1) && finished(id2), Timeout);
        const auto r1 = record(bob->node(), id1, alice->id(), In);
        const auto r2 = record(bob->node(), id2, alice->id(), In);
        const int completed =
            int(r1->state == TransferState::Completed) + int(r2->state == TransferState::Completed);
        QCOMPARE(completed, 1);
        const auto &failed = r1->state == TransferState::Failed ? *r1 : *r2;
        const auto &saved = r1->state == TransferState::Completed ? *r1 : *r2;
        QCOMPARE(failed.state, TransferState::Failed);
        QVERIFY2(failed.error.contains(QStringLiteral("is full")), qPrintable(failed.error));
        QVERIFY2(failed.error.contains(QStringLiteral("No space left")), qPrintable(failed.error));
        QCOMPARE(stateOf(alice->node(), failed.id, bob->id(), Out), TransferState::Failed);
        // Only the complete file is there: no part file, nothing under the failed one's name.
        QCOMPARE(entries(mountPoint.path()), QStringList{QFileInfo(saved.path).fileName()});
        QCOMPARE(sha256Of(saved.path), sha256Of(saved.id == id1 ? first : second));
    }
};

QTEST_GUILESS_MAIN(TestFileTransferDiskFull)
#include "tst_filetransfer_diskfull.moc"
