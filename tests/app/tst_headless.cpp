#include "nodeprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

class TestHeadless : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsWritesNodeInfoAndStopsOnSigterm()
    {
        QTemporaryDir tmp;
        NodeProcess node(tmp.filePath(QStringLiteral("a")));
        QElapsedTimer timer;
        timer.start();
        node.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--name"),
                    QStringLiteral("Alice")});
        QVERIFY2(node.waitUntilReady(), qPrintable(node.output()));
        qInfo("ready after %lld ms", timer.elapsed());

        const QJsonObject info = node.nodeInfo();
        QCOMPARE(info.value(QStringLiteral("name")).toString(), QStringLiteral("Alice"));
        QVERIFY(node.port() > 0);

        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, node.port());
        QVERIFY2(probe.waitForConnected(2000), "node.json must name the port actually listened on");
        probe.abort();

        timer.restart();
        node.terminate();
        QVERIFY(node.waitForExit(5000));
        qInfo("exited %lld ms after SIGTERM", timer.elapsed());
        QCOMPARE(node.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(node.process().exitCode(), 0);
        QVERIFY2(!QFile::exists(tmp.filePath(QStringLiteral("a/node.json"))),
                 "a clean stop removes node.json");
    }

    // `tincan --headless` hands over to tincan-node (same pid, same options), which maps no
    // Qt Gui, Quick, Qml or Widgets: a server pays for none of the GUI's memory.
    void headlessMapsNoGuiLibrary()
    {
#ifndef Q_OS_LINUX
        QSKIP("the hand-over and /proc are Linux only");
#else
        QTemporaryDir tmp;
        NodeProcess node(tmp.filePath(QStringLiteral("a")));
        node.start({QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY2(node.waitUntilReady(), qPrintable(node.output()));
        const qint64 pid = node.process().processId();
        QCOMPARE(node.nodeInfo().value(QStringLiteral("pid")).toInteger(), pid);
        const QString exe = QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(pid));
        QVERIFY2(exe.endsWith(QStringLiteral("/tincan-node")), qPrintable(exe));
        QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
        QVERIFY(maps.open(QIODevice::ReadOnly));
        const QByteArray mapped = maps.readAll();
        QVERIFY(mapped.contains("libQt6Core.so")); // the check can see a Qt library at all
        for (const char *gui : {"libQt6Gui.so", "libQt6Quick.so", "libQt6Qml.so",
                                "libQt6Widgets.so", "libQt6QuickControls2.so"})
            QVERIFY2(!mapped.contains(gui), gui);
        node.terminate();
        QVERIFY(node.waitForExit(5000));
        QCOMPARE(node.process().exitCode(), 0);
#endif
    }

    void secondInstanceOnSameProfileRefusesUntilFirstIsKilled()
    {
        QTemporaryDir tmp;
        const QString profile = tmp.filePath(QStringLiteral("shared"));
        NodeProcess first(profile);
        first.start();
        QVERIFY2(first.waitUntilReady(), qPrintable(first.output()));

        NodeProcess second(profile);
        second.start();
        QVERIFY(second.waitForExit(5000));
        QCOMPARE_NE(second.process().exitCode(), 0);
        QVERIFY2(second.output().contains(QStringLiteral("in use")), qPrintable(second.output()));

        first.kill();
        QVERIFY(first.waitForExit(5000));

        NodeProcess third(profile);
        third.start();
        QVERIFY2(third.waitUntilReady(), qPrintable(third.output()));
        third.terminate();
        QVERIFY(third.waitForExit(5000));
        QCOMPARE(third.process().exitCode(), 0);
    }

    void nameSurvivesRestart()
    {
        QTemporaryDir tmp;
        const QString profile = tmp.filePath(QStringLiteral("p"));
        {
            NodeProcess node(profile);
            node.start({QStringLiteral("--name"), QStringLiteral("Bob")});
            QVERIFY(node.waitUntilReady());
            node.terminate();
            QVERIFY(node.waitForExit(5000));
        }
        NodeProcess node(profile);
        node.start();
        QVERIFY(node.waitUntilReady());
        QCOMPARE(node.nodeInfo().value(QStringLiteral("name")).toString(), QStringLiteral("Bob"));
    }

    void twoProfilesRunSideBySide()
    {
        QTemporaryDir tmp;
        NodeProcess a(tmp.filePath(QStringLiteral("a")));
        NodeProcess b(tmp.filePath(QStringLiteral("b")));
        a.start();
        b.start();
        QVERIFY(a.waitUntilReady());
        QVERIFY(b.waitUntilReady());
        QCOMPARE_NE(a.port(), b.port());
    }

    void badArgumentsExitWithUsageError()
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(TINCAN_BINARY), {QStringLiteral("--port"), QStringLiteral("99999")});
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAll().contains("--port"));
    }

    void versionAndHelpNeedNoDisplay()
    {
        QProcess p;
        p.start(QStringLiteral(TINCAN_BINARY), {QStringLiteral("--version")});
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().startsWith("tincan "));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
