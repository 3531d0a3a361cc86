#include "net/sessionmanager.h"
#include "net/tlslink.h"
#include "peertestutil.h"
#include "rawtlspeer.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

using namespace Tincan;
using namespace std::chrono_literals;

namespace {
constexpr int Timeout = 10000;
using PeerTest::connected;
} // namespace

class TestSessions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handshakePinsTheKeyAsUnverified()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        QSignalSpy up(&a->sessions(), &SessionManager::peerConnected);
        QString error;
        QVERIFY2(a->connectTo(b.address(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);
        QCOMPARE(up.count(), 1);
        QCOMPARE(up.first().first().toString(), b.id());

        const auto record = a->peers().find(b.id());
        QVERIFY(record);
        QCOMPARE(record->name, QStringLiteral("Bob"));
        QCOMPARE(record->trust, Trust::Unverified);
        QCOMPARE(record->certificate, b->identity().certificate().toDer());
        QVERIFY(record->addresses.contains(b.address()));
        // The incoming side learns the dialler's listen port, not its ephemeral source port.
        QVERIFY(b->peers().find(a.id())->addresses.contains(a.address()));
        auto *link = qobject_cast<TlsLink *>(a->sessions().link(b.id()));
        QVERIFY(link);
        QCOMPARE(link->protocol(), QSsl::TlsV1_3);
        // Both ends are this machine: a LAN path, at the address the other end listens on.
        QCOMPARE(link->path().kind, LinkPath::Kind::Lan);
        QCOMPARE(link->reachableAddress(), b.address());
        QCOMPARE(a->sessions().credential(b.id())->hello.name, QStringLiteral("Bob"));
    }

    void keyChangeIsRefusedAndRaised()
    {
        TestNode a(QStringLiteral("Alice"));
        auto b = std::make_unique<TestNode>(QStringLiteral("Bob"));
        QString error;
        QVERIFY(a->connectTo(b->address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, *b), Timeout);
        const QString oldId = b->id();
        b.reset();
        QTRY_VERIFY_WITH_TIMEOUT(!a->sessions().isConnected(oldId), Timeout);

        // Same name, same host, new key: what an attacker in the middle would present.
        TestNode impostor(QStringLiteral("Bob"));
        QSignalSpy keyChanges(&a->sessions(), &SessionManager::keyChangeDetected);
        QSignalSpy ups(&a->sessions(), &SessionManager::peerConnected);
        QVERIFY(impostor->connectTo(a.address(), &error));
        QTRY_COMPARE_WITH_TIMEOUT(keyChanges.count(), 1, Timeout);
        const auto event = keyChanges.first().first().value<KeyChangeEvent>();
        QCOMPARE(event.knownId, oldId);
        QCOMPARE(event.presentedId, impostor.id());
        QCOMPARE(event.knownName, QStringLiteral("Bob"));
        QVERIFY(!a->sessions().isConnected(impostor.id()));
        QVERIFY(!a->peers().find(impostor.id()));
        QCOMPARE(a->sessions().trust().pendingKeyChanges().size(), 1);

        // Until the user decides, retries stay refused.
        QSignalSpy refused(&a->sessions(), &SessionManager::sessionRefused);
        QVERIFY(impostor->connectTo(a.address(), &error));
        // The refusal of the retry is the barrier: had it been let in, it would be up by now.
        QTRY_VERIFY_WITH_TIMEOUT(!refused.isEmpty(), Timeout);
        QCOMPARE(ups.count(), 0);

        // The user accepts the new key: it is pinned as unverified and may connect.
        QVERIFY(a->sessions().resolveKeyChange(impostor.id(), true));
        QCOMPARE(a->peers().find(impostor.id())->trust, Trust::Unverified);
        QVERIFY(impostor->connectTo(a.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, impostor), Timeout);
    }

    void blockedPeerIsRefused()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        QString error;
        QVERIFY(a->connectTo(b.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);
        QVERIFY(a->peers().setTrust(b.id(), Trust::Blocked));
        a->sessions().link(b.id())->close(QStringLiteral("test: user blocked the peer"));
        QTRY_VERIFY_WITH_TIMEOUT(!b->sessions().isConnected(a.id()), Timeout);

        QSignalSpy refused(&a->sessions(), &SessionManager::sessionRefused);
        QVERIFY(b->connectTo(a.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(!refused.isEmpty(), Timeout);
        QCOMPARE(refused.first().at(1).toString(), QStringLiteral("peer is blocked"));
        QVERIFY(!a->sessions().isConnected(b.id()));
    }

    void simultaneousConnectKeepsExactlyOneSession()
    {
        for (int round = 0; round < 5; ++round) {
            TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
            QString error;
            QVERIFY(a->connectTo(b.address(), &error));
            QVERIFY(b->connectTo(a.address(), &error));
            QTRY_VERIFY_WITH_TIMEOUT(connected(a, b) && a->sessions().sessionCount() == 1 &&
                                         b->sessions().sessionCount() == 1,
                                     Timeout);
            // Both ends kept the same TCP connection.
            auto *sa = a->sessions().link(b.id());
            auto *sb = b->sessions().link(a.id());
            QCOMPARE(sa->direction() == Link::Direction::Outgoing,
                     sb->direction() == Link::Direction::Incoming);
        }
    }

    void reconnectsAfterTheOtherSideRestarts()
    {
        TestNode a(QStringLiteral("Alice"));
        auto b = std::make_unique<TestNode>(QStringLiteral("Bob"));
        QString error;
        QVERIFY(a->connectTo(b->address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, *b), Timeout);
        const QString bId = b->id();

        QSignalSpy down(&a->sessions(), &SessionManager::peerDisconnected);
        b->stop();
        QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, Timeout);
        b->start(); // same profile, same key, new ephemeral port
        QCOMPARE(b->id(), bId);
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, *b), Timeout);
    }

    void silentPeerIsDroppedByKeepalive()
    {
        NodeConfig config = TestNode::defaultConfig();
        config.limits.pingInterval = 100ms;
        config.limits.idleTimeout = 500ms;
        TestNode a(QStringLiteral("Alice"), config);
        RawTlsPeer silent;
        silent.connectTo(a->port());
        QTRY_VERIFY_WITH_TIMEOUT(silent.isEncrypted(), Timeout);
        silent.sendHello();
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(silent.id()), Timeout);
        QSignalSpy down(&a->sessions(), &SessionManager::peerDisconnected);
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasReceived(QStringLiteral("ping")), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(silent.isDisconnected(), Timeout);
    }

    void peerExchangeIntroducesTheMesh()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob")), c(QStringLiteral("Carol"));
        QString error;
        QVERIFY(b->connectTo(c.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(b, c), Timeout);
        QVERIFY(a->connectTo(b.address(), &error)); // A only knows B
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);
        // Once A and B are contacts of each other, their next session introduces Carol.
        QVERIFY(a->peers().setContact(b.id(), true));
        QVERIFY(b->peers().setContact(a.id(), true));
        QVERIFY(b->peers().setContact(c.id(), true));
        a->sessions().disconnectPeer(b.id(), QStringLiteral("test"));
        QTRY_VERIFY_WITH_TIMEOUT(!a->sessions().isConnected(b.id()), Timeout);
        QVERIFY(a->connectTo(b.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, c), Timeout);
        QCOMPARE(a->peers().find(c.id())->name, QStringLiteral("Carol"));
        QCOMPARE(a->peers().find(c.id())->trust, Trust::Unverified);
    }

    void inviteLinkPinsTheKeyAsVerified()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        const QString link = QStringLiteral("tincan://127.0.0.1:%1/%2").arg(b->port()).arg(b.id());
        QString error;
        QVERIFY2(a->connectTo(link, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);
        QCOMPARE(a->peers().find(b.id())->trust, Trust::Verified);
    }

    void inviteLinkWithAnotherKeyRaisesKeyChange()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        const QString pinned(64, QLatin1Char('7'));
        QSignalSpy keyChanges(&a->sessions(), &SessionManager::keyChangeDetected);
        QString error;
        QVERIFY(a->connectTo(QStringLiteral("tincan://127.0.0.1:%1/%2").arg(b->port()).arg(pinned),
                             &error));
        QTRY_COMPARE_WITH_TIMEOUT(keyChanges.count(), 1, Timeout);
        const auto event = keyChanges.first().first().value<KeyChangeEvent>();
        QCOMPARE(event.knownId, pinned);
        QCOMPARE(event.presentedId, b.id());
        QVERIFY(!a->sessions().isConnected(b.id()));
        QVERIFY(!a->peers().find(b.id()));
    }

    void helloMustNameTheCertificateKey()
    {
        TestNode a(QStringLiteral("Alice")), other(QStringLiteral("Other"));
        RawTlsPeer liar;
        liar.connectTo(a->port());
        QTRY_VERIFY_WITH_TIMEOUT(liar.isEncrypted(), Timeout);
        liar.sendHello(other.id()); // claims someone else's id
        QTRY_VERIFY_WITH_TIMEOUT(liar.isDisconnected(), Timeout);
        QVERIFY(!a->sessions().isConnected(other.id()));
        QVERIFY(!a->sessions().isConnected(liar.id()));
    }

    void clientWithoutCertificateIsRefused()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer anonymous;
        anonymous.connectTo(a->port(), false);
        QTRY_VERIFY_WITH_TIMEOUT(anonymous.isDisconnected(), Timeout);
        QCOMPARE(a->sessions().sessionCount(), 0);
    }

    void hostileFramesCloseOnlyTheirSession()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        QString error;
        QVERIFY(a->connectTo(b.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);

        const QList<QByteArray> attacks{QByteArray("\xff\xff\xff\xff", 4),
                                        QByteArray("\x00\x00\x00\x05garbage", 11),
                                        QByteArray(4096, 'x')};
        for (const QByteArray &attack : attacks) {
            RawTlsPeer hostile;
            hostile.connectTo(a->port());
            QTRY_VERIFY_WITH_TIMEOUT(hostile.isEncrypted(), Timeout);
            hostile.sendHello();
            QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(hostile.id()), Timeout);
            hostile.sendRaw(attack);
            QTRY_VERIFY_WITH_TIMEOUT(hostile.isDisconnected(), Timeout);
            QVERIFY(connected(a, b));
        }
    }

    void floodIsCutOffByTheRateLimit()
    {
        NodeConfig config = TestNode::defaultConfig();
        config.limits.maxFramesPerSecond = 200;
        TestNode a(QStringLiteral("Alice"), config);
        RawTlsPeer flooder;
        flooder.connectTo(a->port());
        QTRY_VERIFY_WITH_TIMEOUT(flooder.isEncrypted(), Timeout);
        flooder.sendHello();
        QByteArray burst;
        for (int i = 0; i < 1000; ++i)
            burst += encodeFrame(QCborMap{{QStringLiteral("t"), QStringLiteral("noise")}});
        flooder.sendRaw(burst);
        QTRY_VERIFY_WITH_TIMEOUT(flooder.isDisconnected(), Timeout);
    }

    void unknownMessageTypesAreIgnored()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer future;
        future.connectTo(a->port());
        QTRY_VERIFY_WITH_TIMEOUT(future.isEncrypted(), Timeout);
        future.sendHello();
        future.sendRaw(encodeFrame(QCborMap{{QStringLiteral("t"), QStringLiteral("hologram")}}));
        future.sendRaw(encodeFrame(QCborMap{{QStringLiteral("t"), QStringLiteral("ping")}}));
        QTRY_VERIFY_WITH_TIMEOUT(future.hasReceived(QStringLiteral("pong")), Timeout);
        QVERIFY(a->sessions().isConnected(future.id()));
    }

    void handshakeTimeoutDropsSlowClients()
    {
        NodeConfig config = TestNode::defaultConfig();
        config.limits.handshakeTimeout = 300ms;
        TestNode a(QStringLiteral("Alice"), config);
        QTcpSocket slow; // connects, then never starts TLS
        slow.connectToHost(QHostAddress::LocalHost, a->port());
        QTRY_VERIFY_WITH_TIMEOUT(slow.state() == QAbstractSocket::ConnectedState, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(slow.state() == QAbstractSocket::UnconnectedState, Timeout);

        RawTlsPeer mute; // completes TLS, never says hello
        mute.connectTo(a->port());
        QTRY_VERIFY_WITH_TIMEOUT(mute.isEncrypted(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(mute.isDisconnected(), Timeout);
    }
};

QTEST_GUILESS_MAIN(TestSessions)
#include "tst_sessions.moc"
