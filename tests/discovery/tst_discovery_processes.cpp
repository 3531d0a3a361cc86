// Black-box: real `tincan --headless` processes in the test's private network namespace find
// each other through discovery alone, notice a killed one, welcome it back, and never see a
// node started with --no-discovery unless it is dialled with --connect.
#include "nodeprocess.h"

#include <QElapsedTimer>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr int Timeout = 10000;
// Test-only knob (docs/protocol.md): a silent peer is lost after 3 × 1.2 × 500 ms.
constexpr int IntervalMs = 500;

class Node
{
public:
    Node(const QTemporaryDir &tmp, const QString &name)
        : m_name(name)
        , m_process(tmp.filePath(name))
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TINCAN_DISCOVERY_INTERVAL_MS"), QString::number(IntervalMs));
        m_process.process().setProcessEnvironment(env);
    }

    void start(const QStringList &extra = {})
    {
        m_process.start(QStringList{QStringLiteral("--port"), QStringLiteral("0"),
                                    QStringLiteral("--name"), m_name} +
                        extra);
    }
    bool ready()
    {
        if (!m_process.waitUntilReady(Timeout))
            return false;
        m_id = m_process.nodeInfo().value(QStringLiteral("fingerprint")).toString();
        return m_id.size() == 64;
    }

    QString id() const { return m_id; }
    QString name() const { return m_name; }
    quint16 port() const { return m_process.port(); }
    NodeProcess &process() { return m_process; }
    QString log() const { return m_process.output(); }
    int count(const QString &needle) const { return int(log().count(needle)); }

    // SessionManager's and discovery's stable log lines.
    int sessionsWith(const Node &other) const
    {
        return count(
            QStringLiteral("session up with %1 %2").arg(other.name(), other.id().left(12)));
    }
    bool discovered(const Node &other) const
    {
        return log().contains(QStringLiteral("tincan.discovery: discovered ") + other.id());
    }
    bool lost(const Node &other) const
    {
        return log().contains(QStringLiteral("tincan.discovery: lost ") + other.id());
    }

private:
    QString m_name;
    QString m_id;
    NodeProcess m_process;
};

bool meshed(const QList<Node *> &nodes, int times = 1)
{
    for (const Node *a : nodes) {
        for (const Node *b : nodes) {
            if (a != b && a->sessionsWith(*b) < times)
                return false;
        }
    }
    return true;
}

} // namespace

class TestDiscoveryProcesses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void discoverLoseAndWelcomeBack()
    {
        QTemporaryDir tmp;
        Node alice(tmp, QStringLiteral("Alice")), bob(tmp, QStringLiteral("Bob")),
            carol(tmp, QStringLiteral("Carol"));
        QElapsedTimer clock;
        clock.start();
        for (Node *node : {&alice, &bob, &carol})
            node->start();
        for (Node *node : {&alice, &bob, &carol})
            QVERIFY2(node->ready(), qPrintable(node->log()));
        const qint64 readyAt = clock.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(meshed({&alice, &bob, &carol}), Timeout);
        const qint64 meshAt = clock.elapsed();
        qInfo("3 processes ready after %lld ms, all sessions up %lld ms after launch (%lld ms "
              "after the last was ready)",
              readyAt, meshAt, meshAt - readyAt);
        // Reported, not asserted: the discovery figure is tests/bench/bench-headless.sh's.
        const QString line =
            QStringLiteral("tincan.discovery: discovered %1 \"Bob\" at 127.0.0.1:%2")
                .arg(bob.id())
                .arg(bob.port());
        QTRY_VERIFY_WITH_TIMEOUT(alice.log().contains(line), Timeout);

        // A session can come up before both sides heard each other's announcements; "lost"
        // is about discovered peers, so wait for those.
        QTRY_VERIFY_WITH_TIMEOUT(alice.discovered(carol) && bob.discovered(carol), Timeout);

        // kill -9: no goodbye; the sessions drop at once, the discovery entry after the timeout.
        clock.restart();
        carol.process().kill();
        QVERIFY(carol.process().waitForExit(Timeout));
        QTRY_VERIFY_WITH_TIMEOUT(alice.lost(carol) && bob.lost(carol), Timeout);
        qInfo("killed node marked lost after %lld ms", clock.elapsed());
        for (const Node *node : {&alice, &bob}) {
            QVERIFY2(
                node->log().contains(QStringLiteral("session %1 closed").arg(carol.id().left(12))),
                qPrintable(node->log()));
        }

        // Same profile, same key, a new port: found again by its announcements alone.
        // New sessions are counted against those logged so far, not against a fixed number:
        // when both ends dial at once, one end may log "session up" for the connection the
        // tie-break later closes and then once more for the one it keeps (a second line for
        // one reconnection, seen under load). What matters is that each has a new session.
        const int aliceBefore = alice.sessionsWith(carol), bobBefore = bob.sessionsWith(carol);
        clock.restart();
        Node carolAgain(tmp, QStringLiteral("Carol"));
        carolAgain.start();
        QVERIFY2(carolAgain.ready(), qPrintable(carolAgain.log()));
        QCOMPARE(carolAgain.id(), carol.id());
        QTRY_VERIFY2_WITH_TIMEOUT(alice.sessionsWith(carolAgain) > aliceBefore &&
                                      bob.sessionsWith(carolAgain) > bobBefore &&
                                      meshed({&alice, &bob, &carolAgain}),
                                  qPrintable(alice.log() + bob.log() + carolAgain.log()), Timeout);
        qInfo("restarted node back online %lld ms after its launch", clock.elapsed());
    }

    void noDiscoveryIsReachableOnlyByConnect()
    {
        QTemporaryDir tmp;
        Node alice(tmp, QStringLiteral("Alice")), hermit(tmp, QStringLiteral("Hermit"));
        alice.start();
        QVERIFY(alice.ready());
        hermit.start({QStringLiteral("--no-discovery")});
        QVERIFY(hermit.ready());
        // A node started after the hermit is found: discovery had every chance to find the
        // hermit too.
        Node bob(tmp, QStringLiteral("Bob"));
        bob.start();
        QVERIFY(bob.ready());
        QTRY_VERIFY_WITH_TIMEOUT(meshed({&alice, &bob}), Timeout);
        for (const Node *node : {&alice, &bob})
            QVERIFY2(!node->log().contains(hermit.id()), qPrintable(node->log()));
        QVERIFY2(!hermit.log().contains(QStringLiteral("session up")), qPrintable(hermit.log()));
        QVERIFY2(!hermit.log().contains(QStringLiteral("tincan.discovery")),
                 qPrintable(hermit.log()));

        // Dialled by address it is an ordinary peer.
        Node caller(tmp, QStringLiteral("Caller"));
        caller.start({QStringLiteral("--no-discovery"), QStringLiteral("--connect"),
                      QStringLiteral("127.0.0.1:%1").arg(hermit.port())});
        QVERIFY(caller.ready());
        QTRY_VERIFY_WITH_TIMEOUT(meshed({&hermit, &caller}), Timeout);
    }
};

QTEST_GUILESS_MAIN(TestDiscoveryProcesses)
#include "tst_discovery_processes.moc"
