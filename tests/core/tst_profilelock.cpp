#include "profile/profilelock.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;

class TestProfileLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondLockIsRefusedWithOwnerPid()
    {
        QTemporaryDir tmp;
        ProfileLock first(tmp.path());
        QCOMPARE(first.tryLock(), ProfileLock::Result::Acquired);

        ProfileLock second(tmp.path());
        QCOMPARE(second.tryLock(), ProfileLock::Result::HeldByOther);
        QCOMPARE(second.ownerPid(), QCoreApplication::applicationPid());
        QVERIFY(second.errorString().contains(QString::number(QCoreApplication::applicationPid())));

        first.unlock();
        QCOMPARE(second.tryLock(), ProfileLock::Result::Acquired);
    }

    void staleLockOfDeadProcessIsTakenOver()
    {
        QTemporaryDir tmp;
        const QString lockPath = tmp.filePath(QStringLiteral("tincan.lock"));

        // Record a real lock file, then rewrite it as if a process that has since died owned it.
        QByteArray contents;
        {
            ProfileLock live(tmp.path());
            QCOMPARE(live.tryLock(), ProfileLock::Result::Acquired);
            QFile file(lockPath);
            QVERIFY(file.open(QIODevice::ReadOnly));
            contents = file.readAll();
            live.unlock();
        }
        QProcess dead;
        dead.start(QStringLiteral("sleep"), {QStringLiteral("10")});
        QVERIFY(dead.waitForStarted());
        const QByteArray deadPid = QByteArray::number(dead.processId());
        dead.kill();
        QVERIFY(dead.waitForFinished());
        const qsizetype firstNewline = contents.indexOf('\n');
        QVERIFY(firstNewline > 0);
        contents = deadPid + contents.mid(firstNewline);
        {
            QFile file(lockPath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(contents);
        }

        ProfileLock next(tmp.path());
        QCOMPARE(next.tryLock(), ProfileLock::Result::Acquired);
    }

    void unwritableDirectoryIsAnError()
    {
        ProfileLock lock(QStringLiteral("/proc/tincan-no-such-dir"));
        QCOMPARE(lock.tryLock(), ProfileLock::Result::Error);
        QVERIFY(!lock.errorString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProfileLock)
#include "tst_profilelock.moc"
