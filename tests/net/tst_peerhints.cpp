// Peer-exchange hints (issue #19, finding 5): a peer's "peers" message names where to dial. Only a
// contact's hints are followed, only to IP addresses on our networks or already seen for that
// peer, and only a few per sender at a time, so that nobody can make us dial a host of their
// choosing. Dials land on a plain TCP listener of the test; its backlog is checked after a
// round-trip barrier, so an absence is an absence.
#include "net/peerexchange.h"
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "peertestutil.h"
#include "rawtlspeer.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QCryptographicHash>
#include <QTcpServer>
#include <QTest>

using namespace Tincan;
using namespace PeerTest;

namespace {
constexpr int Timeout = 10000;

QCborMap hints(const QString &address, int count, int firstId = 0)
{
    QList<Protocol::PeerHint> list;
    for (int i = 0; i < count; ++i)
        list.append({someId(firstId + i), QStringLiteral("Hinted"), {address}});
    return Protocol::encodePeers(list);
}

// A plain TCP listener on 127.0.0.1 where the node's dials land; counted from the backlog
// without waiting, after a barrier when an absence is checked.
class DialTarget
{
public:
    DialTarget() { m_server.listen(QHostAddress::LocalHost); }
    ~DialTarget() { qDeleteAll(m_sockets); }
    QString address(const QString &host = QStringLiteral("127.0.0.1")) const
    {
        return QStringLiteral("%1:%2").arg(host).arg(m_server.serverPort());
    }
    int accepted()
    {
        while (m_server.hasPendingConnections() || m_server.waitForNewConnection(0))
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                m_sockets.append(socket);
        return int(m_sockets.size());
    }

private:
    QTcpServer m_server;
    QList<QTcpSocket *> m_sockets;
};
} // namespace

class TestPeerHints : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestNode> m_node;
    std::unique_ptr<RawTlsPeer> m_peer; // joined to m_node, a stranger unless made a contact
    std::unique_ptr<DialTarget> m_target;

    void makeContact() { QVERIFY(m_node->node().peers().setContact(m_peer->id(), true)); }

private Q_SLOTS:
    void init()
    {
        m_node = std::make_unique<TestNode>(QStringLiteral("Alice"));
        m_peer = std::make_unique<RawTlsPeer>();
        m_target = std::make_unique<DialTarget>();
        join(*m_node, *m_peer);
    }
    void cleanup()
    {
        m_peer.reset();
        m_node.reset();
        m_target.reset();
    }

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
        m_peer->send(hints(m_target->address(), 1));
        QVERIFY(answersPing(*m_peer));
        QCOMPARE(m_target->accepted(), 0);
        // The same hint from the same key once it is a contact is followed: the check can fail.
        makeContact();
        m_peer->send(hints(m_target->address(), 1));
        QTRY_COMPARE_WITH_TIMEOUT(m_target->accepted(), 1, Timeout);
    }

    void aContactsHintNamingAHostIsNotResolved()
    {
        makeContact();
        m_peer->send(hints(m_target->address(QStringLiteral("localhost")), 1));
        QVERIFY(answersPing(*m_peer));
        QCOMPARE(m_target->accepted(), 0);
    }

    void aContactCanMakeUsDialOnlyAFewPeersAtOnce()
    {
        makeContact();
        m_peer->send(hints(m_target->address(), 40));
        m_peer->send(hints(m_target->address(), 40, 40));
        QTRY_COMPARE_WITH_TIMEOUT(m_target->accepted(), 8, Timeout);
        QVERIFY(answersPing(*m_peer));
        QCOMPARE(m_target->accepted(), 8);
    }
};

QTEST_GUILESS_MAIN(TestPeerHints)
#include "tst_peerhints.moc"
