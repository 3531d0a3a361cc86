// Resume after the receiver's process is killed (SIGKILL) mid-transfer: a real `tincan
// --headless` receiver, an in-process sender. The restarted receiver must ask to resume from
// its flushed offset, not from 0, and the saved file must match.
#include "filetestutil.h"
#include "net/sessionmanager.h"
#include "nodeprocess.h"
#include "testnode.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;
using namespace FileTestUtil;

namespace {
constexpr int Timeout = 60000;
constexpr auto Out = TransferDirection::Outgoing;

qint64 partBytes(const QString &dir)
{
    qint64 bytes = 0;
    for (const QString &name : entries(dir)) {
        if (name.endsWith(QStringLiteral(".tincan-part")))
            bytes = QFileInfo(QDir(dir).filePath(name)).size();
    }
    return bytes;
}
} // namespace

class TestFileTransferKill : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resumesAfterTheReceiverIsKilled()
    {
        QTemporaryDir tmp;
        const QString profile = tmp.filePath(QStringLiteral("receiver"));
        const QString downloads = tmp.filePath(QStringLiteral("downloads"));
        QVERIFY(QDir().mkpath(profile));
        QFile::setPermissions(profile, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile settings(QDir(profile).filePath(QStringLiteral("settings.json")));
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write(QJsonDocument(QJsonObject{{QStringLiteral("downloadDir"), downloads},
                                                 {QStringLiteral("acceptEveryone"), true}})
                           .toJson());
        settings.close();

        TestNode sender(QStringLiteral("Sender"));
        QString error;
        // Slow enough that the kill lands mid-transfer on any machine.
        QVERIFY(sender->setSetting(QStringLiteral("fileSendRateLimit"), 25'000'000, &error));
        const QString source = tmp.filePath(QStringLiteral("movie.bin"));
        QVERIFY(writeFile(source, 100'000'000));

        const QStringList args{QStringLiteral("--no-discovery"), QStringLiteral("--connect"),
                               sender.address()};
        NodeProcess receiver(profile);
        receiver.start(args);
        QVERIFY2(receiver.waitUntilReady(), qPrintable(receiver.output()));
        const QString receiverId =
            receiver.nodeInfo().value(QStringLiteral("fingerprint")).toString();
        QTRY_VERIFY_WITH_TIMEOUT(sender->sessions().isConnected(receiverId), Timeout);

        const QString id = sender->files().sendFile(receiverId, source, &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(partBytes(downloads) > 40'000'000, Timeout);
        receiver.kill();
        QVERIFY(receiver.waitForExit(5000));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(sender.node(), id, receiverId, Out),
                                  TransferState::Paused, Timeout);
        const qint64 sentBeforeKill = record(sender.node(), id, receiverId, Out)->doneBytes;
        QVERIFY2(sentBeforeKill > 0, "the receiver confirmed flushed bytes before it was killed");

        NodeProcess restarted(profile);
        restarted.start(args);
        QVERIFY2(restarted.waitUntilReady(), qPrintable(restarted.output()));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(sender.node(), id, receiverId, Out),
                                  TransferState::Completed, Timeout);
        const auto sent = record(sender.node(), id, receiverId, Out);
        QVERIFY(sent->resumes >= 1);
        // It resumed from what the killed process had flushed: at least what it confirmed.
        QVERIFY2(sent->resumedFrom >= sentBeforeKill,
                 qPrintable(QStringLiteral("%1 < %2").arg(sent->resumedFrom).arg(sentBeforeKill)));
        const QString saved = QDir(downloads).filePath(QStringLiteral("movie.bin"));
        QCOMPARE(entries(downloads), QStringList{QStringLiteral("movie.bin")});
        QCOMPARE(sha256Of(saved), sha256Of(source));
        restarted.terminate();
        QVERIFY(restarted.waitForExit(5000));
    }
};

QTEST_GUILESS_MAIN(TestFileTransferKill)
#include "tst_filetransfer_kill.moc"
