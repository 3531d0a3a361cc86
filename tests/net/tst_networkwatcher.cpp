// The watcher that tells the router its addresses changed (Wi-Fi to cable, a new lease), run in
// the test's own network namespace (tests/netns-run.sh), where the test adds and removes
// addresses on loopback with `ip`, as a network manager would: the kernel's rtnetlink events
// must reach it, and a burst must be told once, after it settles.
#include "net/networkwatcher.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 10000;

void ip(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("ip"), arguments);
    QVERIFY2(process.waitForFinished(Timeout) && process.exitCode() == 0,
             qPrintable(QStringLiteral("ip %1: %2")
                            .arg(arguments.join(u' '),
                                 QString::fromLocal8Bit(process.readAllStandardError()))));
}

void address(const char *verb, const QString &address)
{
    ip({QStringLiteral("addr"), QString::fromLatin1(verb), address + QStringLiteral("/32"),
        QStringLiteral("dev"), QStringLiteral("lo")});
}
} // namespace

class TestNetworkWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("TINCAN_IN_NETNS") != QLatin1String("1"))
            QSKIP("changes addresses: runs only in its own namespace (tests/netns-run.sh)");
    }

    void anAddedAndARemovedAddressAreTold()
    {
        NetworkWatcher watcher(std::chrono::milliseconds(100));
        QSignalSpy changed(&watcher, &NetworkWatcher::changed);
        const QString one = QStringLiteral("10.77.0.1");
        address("add", one);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, Timeout);
        QCOMPARE(changed.at(0).at(0).toStringList(), QStringList{one});
        QVERIFY(changed.at(0).at(1).toStringList().isEmpty());
        QVERIFY(watcher.addresses().contains(one));

        address("del", one);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, Timeout);
        QVERIFY(changed.at(1).at(0).toStringList().isEmpty());
        QCOMPARE(changed.at(1).at(1).toStringList(), QStringList{one});
    }

    // An interface coming up brings its addresses one by one: the router should probe its
    // links once, when they are all there.
    void aBurstIsToldOnce()
    {
        NetworkWatcher watcher(std::chrono::milliseconds(1500));
        QSignalSpy changed(&watcher, &NetworkWatcher::changed);
        const QStringList burst{QStringLiteral("10.77.1.1"), QStringLiteral("10.77.1.2"),
                                QStringLiteral("10.77.1.3")};
        for (const QString &one : burst)
            address("add", one);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, Timeout);
        QCOMPARE(changed.at(0).at(0).toStringList(), burst);
        // The barrier: one more change is told as the second signal, not merged into a third.
        address("del", burst.first());
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, Timeout);
        QCOMPARE(changed.at(1).at(1).toStringList(), QStringList{burst.first()});
    }
};

QTEST_GUILESS_MAIN(TestNetworkWatcher)
#include "tst_networkwatcher.moc"
