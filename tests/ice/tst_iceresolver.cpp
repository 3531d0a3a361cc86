// Host names of STUN and TURN servers, resolved for libnice (which takes addresses only). Runs in
// the test's own network namespace (tests/netns-run.sh) with an /etc/hosts of its own
// (tests/with-hosts.sh): stun.tincan.test resolves from it, and a name that is nowhere fails at
// once, with nowhere to send a DNS query.
#include "ice/iceresolver.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 20000;

IceConfig configOf(const QStringList &stun, const QStringList &turn)
{
    IceConfig config;
    QString error;
    for (const QString &text : stun)
        config.stun.append(*parseStunServer(text, &error));
    for (const QString &text : turn)
        config.turn.append(*parseTurnServer(text, &error));
    return config;
}
} // namespace

class TestIceResolver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("TINCAN_IN_NETNS") != QLatin1String("1"))
            QSKIP("resolves names: runs only in its own namespace (tests/netns-run.sh)");
        if (qEnvironmentVariable("TINCAN_OWN_ETC") != QLatin1String("1"))
            QSKIP("needs its own /etc/hosts (tests/with-hosts.sh)");
    }

    void namesAreResolvedAndTheUnknownLeftOut()
    {
        IceResolver resolver;
        QSignalSpy resolved(&resolver, &IceResolver::resolved);
        resolver.resolve(configOf(
            {QStringLiteral("nowhere.invalid:3478"), QStringLiteral("stun.tincan.test:3479")},
            {QStringLiteral("turn://u:p@turn.tincan.test:3478?transport=tcp"),
             QStringLiteral("turn://u:p@192.0.2.9:3478")}));
        QTRY_COMPARE_WITH_TIMEOUT(resolved.count(), 1, Timeout);
        const auto config = resolved.first().first().value<IceConfig>();
        QVERIFY(config.stun.at(0).address.isNull()); // left out: the agent skips it
        QCOMPARE(config.stun.at(1).address, QHostAddress(QStringLiteral("127.0.0.7")));
        QCOMPARE(config.stun.at(1).port, 3479);
        QCOMPARE(config.turn.at(0).address, QHostAddress(QStringLiteral("127.0.0.8")));
        QVERIFY(config.turn.at(0).tcp);
        QCOMPARE(config.turn.at(1).address, QHostAddress(QStringLiteral("192.0.2.9")));
    }

    // Only literals: nothing to look up, and the answer still comes, once.
    void literalsNeedNoLookup()
    {
        IceResolver resolver;
        QSignalSpy resolved(&resolver, &IceResolver::resolved);
        resolver.resolve(configOf({QStringLiteral("192.0.2.1")}, {}));
        QVERIFY(resolved.isEmpty()); // queued
        QTRY_COMPARE_WITH_TIMEOUT(resolved.count(), 1, Timeout);
        QCOMPARE(resolved.first().first().value<IceConfig>().stun.at(0).address,
                 QHostAddress(QStringLiteral("192.0.2.1")));
    }
};

QTEST_GUILESS_MAIN(TestIceResolver)
#include "tst_iceresolver.moc"
