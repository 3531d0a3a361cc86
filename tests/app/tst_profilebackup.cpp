// The README's backup recipe ("Back up and move an identity"), run on real processes: the profile
// of a stopped node is packed with tar and unpacked into another directory, and the node started
// from there is the same identity to itself and to a peer that knew it.
#include "nodeprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A fixed port, so that the peer redials the restored node where it knew it; the test runs in a
// private network namespace, where nothing else listens.
const QString nodePort = QStringLiteral("47311");

bool runTar(const QStringList &args, QString *output)
{
    QProcess tar;
    tar.setProcessChannelMode(QProcess::MergedChannels);
    tar.start(QStringLiteral("tar"), args);
    const bool ok = tar.waitForFinished(10000) && tar.exitStatus() == QProcess::NormalExit &&
                    tar.exitCode() == 0;
    *output = QString::fromLocal8Bit(tar.readAll());
    return ok;
}

// Waits until `text` occurs `count` times in the node's output.
bool waitForOutput(NodeProcess &node, const QString &text, int count, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (node.output().count(text) >= count)
            return true;
        if (node.process().state() == QProcess::NotRunning)
            return false;
        node.process().waitForReadyRead(50);
    }
    return false;
}

} // namespace

class TestProfileBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restoredProfileIsTheSameIdentity()
    {
        QTemporaryDir tmp;
        QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("old")));
        QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("new")));
        const QString oldProfile = tmp.filePath(QStringLiteral("old/tincan"));
        const QString newProfile = tmp.filePath(QStringLiteral("new/tincan"));
        const QString archive = tmp.filePath(QStringLiteral("tincan-backup.tar.gz"));

        NodeProcess ada(oldProfile);
        ada.start({QStringLiteral("--name"), QStringLiteral("Ada"), QStringLiteral("--port"),
                   nodePort, QStringLiteral("--no-discovery")});
        QVERIFY2(ada.waitUntilReady(), qPrintable(ada.output()));
        const QString id = ada.nodeInfo().value(QStringLiteral("fingerprint")).toString();
        QCOMPARE(id.size(), 64);

        NodeProcess bob(tmp.filePath(QStringLiteral("bob")));
        bob.start({QStringLiteral("--name"), QStringLiteral("Bob"),
                   QStringLiteral("--no-discovery"), QStringLiteral("--connect"),
                   QStringLiteral("127.0.0.1:") + nodePort});
        QVERIFY2(bob.waitUntilReady(), qPrintable(bob.output()));
        const QString sessionUp = QStringLiteral("session up with Ada ") + id.left(12);
        QVERIFY2(waitForOutput(bob, sessionUp, 1, 10000), qPrintable(bob.output()));

        // 1. Stop the node; 2. pack the profile directory; 3. unpack it elsewhere.
        ada.terminate();
        QVERIFY(ada.waitForExit(5000));
        QCOMPARE(ada.process().exitCode(), 0);
        QString tarOutput;
        QVERIFY2(runTar({QStringLiteral("-C"), tmp.filePath(QStringLiteral("old")),
                         QStringLiteral("-czf"), archive, QStringLiteral("tincan")},
                        &tarOutput),
                 qPrintable(tarOutput));
        QVERIFY2(runTar({QStringLiteral("-C"), tmp.filePath(QStringLiteral("new")),
                         QStringLiteral("-xzf"), archive},
                        &tarOutput),
                 qPrintable(tarOutput));
        QVERIFY(QDir(oldProfile).removeRecursively()); // nothing may be read from the old place
        QVERIFY(QFile::exists(newProfile + QStringLiteral("/identity.key")));
        QCOMPARE(QFile::permissions(newProfile + QStringLiteral("/identity.key")),
                 QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);

        NodeProcess restored(newProfile);
        restored.start({QStringLiteral("--port"), nodePort, QStringLiteral("--no-discovery")});
        QVERIFY2(restored.waitUntilReady(), qPrintable(restored.output()));
        QCOMPARE(restored.nodeInfo().value(QStringLiteral("fingerprint")).toString(), id);
        QCOMPARE(restored.nodeInfo().value(QStringLiteral("name")).toString(),
                 QStringLiteral("Ada"));

        // Bob redials the address he knew (backoff up to 60 s, so allow for a few rounds) and
        // meets the same key: a second session, and no key-change warning.
        QVERIFY2(waitForOutput(bob, sessionUp, 2, 30000), qPrintable(bob.output()));
        QVERIFY2(!bob.output().contains(QStringLiteral("KEY CHANGE")), qPrintable(bob.output()));
        // The restored node still knows Bob too: its peers came along in tincan.db.
        QVERIFY2(waitForOutput(restored, QStringLiteral("session up with Bob"), 1, 5000),
                 qPrintable(restored.output()));
        QVERIFY2(!restored.output().contains(QStringLiteral("new peer Bob")),
                 qPrintable(restored.output()));
    }
};

QTEST_GUILESS_MAIN(TestProfileBackup)
#include "tst_profilebackup.moc"
