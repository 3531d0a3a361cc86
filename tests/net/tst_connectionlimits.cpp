// One host cannot keep others out (#19 finding 3): connections from one address that stall in
// the TLS handshake, or stop after it without a hello, are capped per address, so a second host
// still gets in. 127.0.0.2 and 127.0.0.3 stand for two other hosts: every 127/8 address is this
// machine's loopback, so nothing leaves it.
#include "net/sessionmanager.h"
#include "peertestutil.h"
#include "rawtlspeer.h"
#include "testnode.h"

#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Tincan;
using namespace PeerTest;
using namespace std::chrono_literals;

namespace {
constexpr int Timeout = 10000;
const QHostAddress hostB(QStringLiteral("127.0.0.2"));
const QHostAddress hostC(QStringLiteral("127.0.0.3"));

NodeConfig patientNode()
{
    NodeConfig config = TestNode::defaultConfig();
    config.limits.handshakeTimeout = 60s; // nothing here may end by timing out
    return config;
}

template<typename List, typename Predicate>
int countIf(const List &list, Predicate predicate)
{
    return int(std::count_if(list.begin(), list.end(), predicate));
}
} // namespace

class TestConnectionLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Qt's QSslServer stops accepting once 30 connections are in their handshake; 40 that never
    // send a ClientHello would keep everyone out for the handshake timeout.
    void stalledHandshakesFromOneHostDoNotKeepOthersOut()
    {
        TestNode a(QStringLiteral("Alice"), patientNode());
        const int perAddress = patientNode().limits.maxPendingPerAddress;
        std::vector<std::unique_ptr<QTcpSocket>> stalled;
        for (int i = 0; i < 40; ++i) {
            stalled.push_back(std::make_unique<QTcpSocket>());
            stalled.back()->bind(hostB);
            stalled.back()->connectToHost(QHostAddress::LocalHost, a->port());
        }
        // All beyond the cap are dropped at once; the first ones wait for their timeout.
        QTRY_COMPARE_WITH_TIMEOUT(
            countIf(stalled,
                    [](const auto &s) { return s->state() == QAbstractSocket::UnconnectedState; }),
            40 - perAddress, Timeout);

        RawTlsPeer other;
        other.connectTo(a->port(), true, hostC);
        QTRY_VERIFY_WITH_TIMEOUT(other.isEncrypted(), Timeout);
        other.sendHello();
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(other.id()), Timeout);
        QVERIFY(answersPing(other));
        QCOMPARE(
            countIf(stalled,
                    [](const auto &s) { return s->state() == QAbstractSocket::ConnectedState; }),
            perAddress); // and those left are still waiting, untouched
    }

    // Through TLS but no hello: at most maxPendingPerAddress from one host, the rest of the
    // node-wide allowance stays for others.
    void linksWithoutAHelloAreCappedPerAddress()
    {
        NodeConfig config = patientNode();
        config.limits.maxPendingPerAddress = 4;
        TestNode a(QStringLiteral("Alice"), config);
        std::vector<std::unique_ptr<RawTlsPeer>> silent;
        for (int i = 0; i < 12; ++i) {
            silent.push_back(std::make_unique<RawTlsPeer>());
            silent.back()->connectTo(a->port(), true, hostB);
            // One at a time, so that each passes the handshake before the next comes.
            QTRY_VERIFY_WITH_TIMEOUT(
                silent.back()->isEncrypted() || silent.back()->isDisconnected(), Timeout);
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            countIf(silent, [](const auto &p) { return p->isDisconnected(); }), 12 - 4, Timeout);
        RawTlsPeer other;
        other.connectTo(a->port(), true, hostC);
        QTRY_VERIFY_WITH_TIMEOUT(other.isEncrypted(), Timeout);
        other.sendHello();
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(other.id()), Timeout);
        // A silent one that speaks up is admitted: the cap is on waiting, not on the host.
        const auto waiting = std::find_if(silent.begin(), silent.end(),
                                          [](const auto &p) { return !p->isDisconnected(); });
        QVERIFY(waiting != silent.end());
        (*waiting)->sendHello();
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected((*waiting)->id()), Timeout);
    }
};

QTEST_GUILESS_MAIN(TestConnectionLimits)
#include "tst_connectionlimits.moc"
