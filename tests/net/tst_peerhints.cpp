// Peer-exchange hints (issue #19, finding 5): a peer's "peers" message names where to dial. Only a
// contact's hints are followed, only to IP addresses on our networks or already seen for that
// peer, and only a few per sender at a time, so that nobody can make us dial a host of their
// choosing. Dials land on a plain TCP listener of the test; its backlog is checked after a
// round-trip barrier, so an absence is an absence.
#include "net/peerexchange.h"
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "rawtlspeer.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QCryptographicHash>
#include <QTcpServer>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 10000;

QString idNumber(int i)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Sha256).toHex());
}

QCborMap hints(const QString &address, int count, int firstId = 0)
{
    QList<Protocol::PeerHint> list;
    for (int i = 0; i < count; ++i)
        list.append({idNumber(firstId + i), QStringLiteral("Hinted"), {address}});
    return Protocol::encodePeers(list);
}

void join(TestNode &node, RawTlsPeer &peer)
{
    peer.connectTo(node->port());
    QTRY_VERIFY_WITH_TIMEOUT(peer.isEncrypted(), Timeout);
    peer.sendHello();
    QTRY_VERIFY_WITH_TIMEOUT(node->sessions().isConnected(peer.id()), Timeout);
}

// Everything the peer sent before has been handled once its ping is answered; the dials that
// handling started are then in the listener's backlog.
bool barrier(RawTlsPeer &peer)
{
    const int before = peer.receivedCount(Protocol::Type::Pong);
    peer.send({{QStringLiteral("t"), Protocol::Type::Ping}});
    const bool ok =
        QTest::qWaitFor([&] { return peer.receivedCount(Protocol::Type::Pong) > before; }, Timeout);
    QCoreApplication::processEvents();
    return ok;
}

// Connections the node made to the listener so far, taken from its backlog without waiting.
int accepted(QTcpServer &server, QList<QTcpSocket *> &sockets)
{
    while (server.hasPendingConnections() || server.waitForNewConnection(0))
        while (QTcpSocket *socket = server.nextPendingConnection())
            sockets.append(socket);
    return int(sockets.size());
}
} // namespace

class TestPeerHints : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlyIpAddressesOnOurNetworksOrAlreadySeenAreDialable_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("dialable");
        QTest::newRow("loopback") << QStringLiteral("127.0.0.1:4000") << true;
        QTest::newRow("our subnet") << QStringLiteral("192.168.7.20:4000") << true;
        QTest::newRow("link-local v6") << QStringLiteral("[fe80::1]:4000") << true;
        QTest::newRow("seen before") << QStringLiteral("203.0.113.9:4000") << true;
        QTest::newRow("another network") << QStringLiteral("198.51.100.7:4000") << false;
        QTest::newRow("seen, other port") << QStringLiteral("203.0.113.9:22") << false;
        QTest::newRow("a hostname") << QStringLiteral("localhost:4000") << false;
        QTest::newRow("an internet name") << QStringLiteral("example.org:443") << false;
        QTest::newRow("no port") << QStringLiteral("192.168.7.20") << false;
    }
    void onlyIpAddressesOnOurNetworksOrAlreadySeenAreDialable()
    {
        QFETCH(QString, address);
        QFETCH(bool, dialable);
        const QList<QPair<QHostAddress, int>> networks{
            {QHostAddress(QStringLiteral("192.168.7.1")), 24}};
        const QStringList seen{QStringLiteral("203.0.113.9:4000")};
        QCOMPARE(isDialableHint(address, seen, networks), dialable);
    }

    void hintsFromAStrangerAreNotFollowed()
    {
        TestNode a(QStringLiteral("Alice"));
        QTcpServer target;
        QVERIFY(target.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> sockets;
        RawTlsPeer stranger;
        join(a, stranger);
        const QString address = QStringLiteral("127.0.0.1:%1").arg(target.serverPort());
        stranger.send(hints(address, 1));
        QVERIFY(barrier(stranger));
        QCOMPARE(accepted(target, sockets), 0);

        // The same hint from the same key once it is a contact is followed: the check can fail.
        QVERIFY(a->peers().setContact(stranger.id(), true));
        stranger.send(hints(address, 1));
        QTRY_COMPARE_WITH_TIMEOUT(accepted(target, sockets), 1, Timeout);
        qDeleteAll(sockets);
    }

    void aContactsHintNamingAHostIsNotResolved()
    {
        TestNode a(QStringLiteral("Alice"));
        QTcpServer target;
        QVERIFY(target.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> sockets;
        RawTlsPeer contact;
        join(a, contact);
        QVERIFY(a->peers().setContact(contact.id(), true));
        contact.send(hints(QStringLiteral("localhost:%1").arg(target.serverPort()), 1));
        QVERIFY(barrier(contact));
        QCOMPARE(accepted(target, sockets), 0);
    }

    void aContactCanMakeUsDialOnlyAFewPeersAtOnce()
    {
        TestNode a(QStringLiteral("Alice"));
        QTcpServer target;
        QVERIFY(target.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> sockets;
        RawTlsPeer contact;
        join(a, contact);
        QVERIFY(a->peers().setContact(contact.id(), true));
        const QString address = QStringLiteral("127.0.0.1:%1").arg(target.serverPort());
        contact.send(hints(address, 40));
        contact.send(hints(address, 40, 40));
        QTRY_COMPARE_WITH_TIMEOUT(accepted(target, sockets), 8, Timeout);
        QVERIFY(barrier(contact));
        QCOMPARE(accepted(target, sockets), 8);
        qDeleteAll(sockets);
    }
};

QTEST_GUILESS_MAIN(TestPeerHints)
#include "tst_peerhints.moc"
