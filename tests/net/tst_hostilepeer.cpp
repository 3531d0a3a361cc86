// The malicious-peer suite, beyond tst_sessions' basics: what a peer with a valid certificate
// (or a stranger before TLS) can send to a node on purpose. Truncated and limit-sized frames,
// bad CBOR and wrong types in every message family, messages before hello, stalled handshakes
// and replays. Each case checks the node's answer (close or ignore), that nothing wrong was
// stored, and that the node still serves others.
#include "chat/chatprotocol.h"
#include "chat/messenger.h"
#include "groups/groupprotocol.h"
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "peertestutil.h"
#include "rawtlspeer.h"
#include "store/conversationrepository.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QCborArray>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Tincan;
using namespace PeerTest;
using namespace std::chrono_literals;

namespace {
constexpr int Timeout = 10000;
const QString kT = QStringLiteral("t");

QByteArray lengthPrefix(quint32 length)
{
    QByteArray prefix(4, Qt::Uninitialized);
    qToBigEndian(length, prefix.data());
    return prefix;
}

QCborMap chat(const QString &uuid, const QString &body)
{
    return ChatProtocol::encodeMessage(
        {uuid, {}, QDateTime::currentDateTimeUtc(), body, MessageKind::Text, {}, {}});
}

int stored(TestNode &node, const QString &uuid)
{
    return node->messenger().messages().find(uuid) ? 1 : 0;
}
} // namespace

class TestHostilePeer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void truncatedFrameStoresNothingAndTheRetryCounts()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        join(a, peer);
        const QString uuid = newUuid();
        const QByteArray frame = encodeFrame(chat(uuid, QStringLiteral("whole or nothing")));
        peer.sendRaw(frame.left(frame.size() / 2)); // cut in the middle of the body
        peer.abort();
        // The barrier: Alice reads everything that came before she sees the connection close.
        QTRY_VERIFY_WITH_TIMEOUT(!a->sessions().isConnected(peer.id()), Timeout);
        QCOMPARE(stored(a, uuid), 0);

        join(a, peer); // same identity, new connection: the whole frame is stored once
        peer.sendRaw(frame);
        QTRY_COMPARE_WITH_TIMEOUT(peer.receivedCount(ChatProtocol::Type::Ack), 1, Timeout);
        QCOMPARE(stored(a, uuid), 1);
    }

    void truncatedFrameThenSilenceIsDroppedByKeepalive()
    {
        NodeConfig config = TestNode::defaultConfig();
        config.limits.pingInterval = 100ms;
        config.limits.idleTimeout = 600ms;
        TestNode a(QStringLiteral("Alice"), config);
        RawTlsPeer peer;
        join(a, peer);
        peer.sendRaw(lengthPrefix(100) + QByteArray(10, 'x')); // 90 bytes never come
        QTRY_VERIFY_WITH_TIMEOUT(peer.isDisconnected(), Timeout);
        QVERIFY(!a->sessions().isConnected(peer.id()));
    }

    // A flood of TLS connections, with one key or many, cannot take every slot: duplicates of a
    // connected device end as soon as TLS shows who they are (but one, which has 2 s to say in
    // its hello that it replaces the current link), connections without a hello are
    // capped, and some slots stay for the links we dial ourselves.
    void connectionFloodsLeaveRoomForOurOwnDials()
    {
        NodeConfig config = TestNode::defaultConfig();
        config.limits.maxSessions = 16;
        config.limits.reservedForDials = 4;
        config.limits.maxPendingIncoming = 8;
        config.limits.handshakeTimeout = 60s; // nothing here may end by timing out
        TestNode a(QStringLiteral("Alice"), config), b(QStringLiteral("Bob"));

        QTemporaryDir key;
        RawTlsPeer first(key.path());
        join(a, first);
        std::vector<std::unique_ptr<RawTlsPeer>> sameKey;
        for (int i = 0; i < 20; ++i) {
            sameKey.push_back(std::make_unique<RawTlsPeer>(key.path()));
            sameKey.back()->connectTo(a->port());
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(sameKey.begin(), sameKey.end(),
                                             [](const auto &p) { return p->isDisconnected(); }),
                                 Timeout);
        QCOMPARE(a->sessions().sessionCount(), 1);
        QVERIFY(answersPing(first)); // the first one is untouched

        std::vector<std::unique_ptr<RawTlsPeer>> strangers;
        for (int i = 0; i < 20; ++i) {
            strangers.push_back(std::make_unique<RawTlsPeer>());
            strangers.back()->connectTo(a->port());
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::count_if(strangers.begin(), strangers.end(),
                                               [](const auto &p) { return p->isDisconnected(); }) ==
                                     20 - 8,
                                 Timeout);
        QString error;
        QVERIFY(a->connectTo(b.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(b.id()), Timeout);
    }

    // A blocked key learns nothing from us, not even our hello: the link ends as soon as TLS
    // shows the key, before the trust decision that needs the peer's hello.
    void aBlockedKeyGetsNoHello()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        join(a, peer);
        QCOMPARE(peer.receivedCount(Protocol::Type::Hello), 1);
        QVERIFY(a->peers().setTrust(peer.id(), Trust::Blocked));
        a->sessions().disconnectPeer(peer.id(), QStringLiteral("test: blocked"));
        QTRY_VERIFY_WITH_TIMEOUT(peer.isDisconnected(), Timeout);
        QSignalSpy refused(&a->sessions(), &SessionManager::sessionRefused);
        peer.connectTo(a->port());
        QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(peer.isDisconnected(), Timeout);
        QCOMPARE(peer.receivedCount(Protocol::Type::Hello), 1); // none on the second connection
    }

    void peerThatNeverReadsIsClosedAtTheOutboundCap()
    {
        // Whatever we send to a peer that reads nothing (pongs to its pings, in the real
        // attack) piles up in our buffers; past the cap the link is closed, so memory is bounded.
        NodeConfig config = TestNode::defaultConfig();
        config.limits.maxPendingOutbound = 1 << 20;
        TestNode a(QStringLiteral("Alice"), config);
        RawTlsPeer peer;
        join(a, peer);
        peer.stopReading();
        const QByteArray bulk(256 * 1024, 'x');
        const QCborMap big{{kT, QStringLiteral("x-bulk")}, {QStringLiteral("b"), bulk}};
        qint64 most = 0;
        for (int i = 0; i < 256 && a->sessions().isConnected(peer.id()); ++i) { // 64 MiB at most
            a->sessions().send(peer.id(), big);
            most = std::max(most, a->sessions().pendingOutbound(peer.id()));
            QCoreApplication::processEvents(); // Qt encrypts: the plain buffer empties each time
        }
        QTRY_VERIFY_WITH_TIMEOUT(!a->sessions().isConnected(peer.id()), Timeout);
        QVERIFY2(most <= config.limits.maxPendingOutbound + 2 * bulk.size(),
                 qPrintable(QString::number(most)));
    }

    void frameOverTheLimitIsRefusedBeforeItsBody()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        join(a, peer);
        peer.sendRaw(lengthPrefix(MaxFrameSize + 1)); // only the header: no need to wait for 1 MiB
        QTRY_VERIFY_WITH_TIMEOUT(peer.isDisconnected(), Timeout);
    }

    void frameAtTheLimitIsRead()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        join(a, peer);
        // An unknown type padded to exactly MaxFrameSize bytes of CBOR.
        QCborMap big{{kT, QStringLiteral("future-bulk")}, {QStringLiteral("pad"), QByteArray()}};
        const qsizetype overhead = big.toCborValue().toCbor().size();
        QByteArray pad(MaxFrameSize - overhead, 'p');
        big.insert(QStringLiteral("pad"), pad);
        // The byte string's own length field grows with its size.
        pad.chop(big.toCborValue().toCbor().size() - qsizetype(MaxFrameSize));
        big.insert(QStringLiteral("pad"), pad);
        QCOMPARE(big.toCborValue().toCbor().size(), qsizetype(MaxFrameSize));
        peer.send(big);
        QVERIFY(answersPing(peer));
    }

    void badCborAndNonMapPayloadsClose_data()
    {
        QTest::addColumn<QByteArray>("payload");
        const QByteArray msg = chat(newUuid(), QStringLiteral("x")).toCborValue().toCbor();
        QTest::newRow("truncated CBOR") << msg.left(msg.size() - 3);
        QTest::newRow("array") << QCborValue(QCborArray{1, 2}).toCbor();
        QTest::newRow("text") << QCborValue(QStringLiteral("hello")).toCbor();
        QTest::newRow("two maps") << msg + msg;
        QTest::newRow("reserved byte") << QByteArray("\xa1\x61t\xfc", 4);
    }
    void badCborAndNonMapPayloadsClose()
    {
        QFETCH(QByteArray, payload);
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        join(a, peer);
        peer.sendRaw(lengthPrefix(quint32(payload.size())) + payload);
        QTRY_VERIFY_WITH_TIMEOUT(peer.isDisconnected(), Timeout);
        // Others are still served.
        RawTlsPeer other;
        join(a, other);
        QVERIFY(answersPing(other));
    }

    void helloWithWrongTypesCloses_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QCborValue>("value");
        QTest::newRow("version as text") << QStringLiteral("v") << QCborValue(QStringLiteral("1"));
        QTest::newRow("version zero") << QStringLiteral("v") << QCborValue(0);
        QTest::newRow("version as float") << QStringLiteral("v") << QCborValue(1.0);
        QTest::newRow("id as bytes") << QStringLiteral("id") << QCborValue(QByteArray(32, 'a'));
        QTest::newRow("port as text")
            << QStringLiteral("port") << QCborValue(QStringLiteral("4242"));
        QTest::newRow("negative port") << QStringLiteral("port") << QCborValue(-1);
        QTest::newRow("port over 65535") << QStringLiteral("port") << QCborValue(65536);
        QTest::newRow("type as number") << QStringLiteral("t") << QCborValue(1);
    }
    void helloWithWrongTypesCloses()
    {
        QFETCH(QString, field);
        QFETCH(QCborValue, value);
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        peer.connectTo(a->port());
        QTRY_VERIFY_WITH_TIMEOUT(peer.isEncrypted(), Timeout);
        QCborMap map = Protocol::encodeHello(peer.hello());
        map.insert(field, value);
        peer.send(map);
        QTRY_VERIFY_WITH_TIMEOUT(peer.isDisconnected(), Timeout);
        QCOMPARE(a->sessions().sessionCount(), 0);
    }

    void messagesBeforeHelloAreNotStored()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        peer.connectTo(a->port());
        QTRY_VERIFY_WITH_TIMEOUT(peer.isEncrypted(), Timeout);
        const QString uuid = newUuid();
        peer.send(chat(uuid, QStringLiteral("who am I?")));
        QTRY_VERIFY_WITH_TIMEOUT(peer.isDisconnected(), Timeout);
        QCOMPARE(stored(a, uuid), 0);
        QCOMPARE(a->sessions().sessionCount(), 0);
    }

    void wrongTypesInGroupAndChatMessagesAreIgnored()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        join(a, peer);
        const QString group = newUuid();
        const QString gev = GroupProtocol::Type::Events;
        const QString gsync = GroupProtocol::Type::Sync;
        const QList<QCborMap> bad{
            {{kT, gev}, {QStringLiteral("g"), group}, {QStringLiteral("ev"), 7}},
            {{kT, gev}, {QStringLiteral("g"), 7}, {QStringLiteral("ev"), QCborArray{}}},
            {{kT, gev}, {QStringLiteral("g"), group}, {QStringLiteral("ev"), QCborArray{1, 2}}},
            {{kT, gev},
             {QStringLiteral("g"), group},
             {QStringLiteral("ev"), QCborArray{QByteArray("\xa0", 1), QByteArray(20000, 'x')}}},
            {{kT, gsync}, {QStringLiteral("groups"), QCborMap{}}},
            {{kT, gsync}, {QStringLiteral("groups"), QCborArray{QStringLiteral("x")}}},
            {{kT, ChatProtocol::Type::Ack},
             {QStringLiteral("ids"), QCborArray{QCborArray{newUuid(), 1e300}}}},
            {{kT, ChatProtocol::Type::Ack},
             {QStringLiteral("ids"), QCborArray{QCborArray{newUuid(), -1e300}}}},
            {{kT, ChatProtocol::Type::Typing}, {QStringLiteral("on"), QStringLiteral("yes")}},
            {{kT, ChatProtocol::Type::Delete}, {QStringLiteral("id"), QCborArray{}}},
            {{kT, Protocol::Type::Peers}, {QStringLiteral("peers"), QCborMap{{1, 2}}}},
        };
        for (const QCborMap &m : bad)
            peer.send(m);
        QVERIFY(answersPing(peer));
        QVERIFY(a->sessions().isConnected(peer.id()));
        const auto conversations = a->messenger().conversations().list(ConversationFilter::All);
        QVERIFY(conversations && conversations->isEmpty());
    }

    void secondHelloCloses()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        join(a, peer);
        peer.sendHello(); // identity is settled once per session
        QTRY_VERIFY_WITH_TIMEOUT(peer.isDisconnected(), Timeout);
    }

    void stalledTlsHandshakeIsDropped()
    {
        NodeConfig config = TestNode::defaultConfig();
        config.limits.handshakeTimeout = 300ms;
        TestNode a(QStringLiteral("Alice"), config);
        QTcpSocket slow; // the first bytes of a TLS ClientHello, then nothing
        slow.connectToHost(QHostAddress::LocalHost, a->port());
        QTRY_VERIFY_WITH_TIMEOUT(slow.state() == QAbstractSocket::ConnectedState, Timeout);
        slow.write(QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
        QTRY_VERIFY_WITH_TIMEOUT(slow.state() == QAbstractSocket::UnconnectedState, Timeout);
        QCOMPARE(a->sessions().sessionCount(), 0);
    }

    // #19 finding 6: a message id seen in a group, sent first by someone else, used to make
    // the real message a conflict that was never acknowledged and retried forever.
    void aMessageIdCannotBeTakenByAnotherSender()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer bob;
        RawTlsPeer mallory;
        join(a, bob);
        join(a, mallory);
        const QString uuid = newMessageUuid(bob.id());
        mallory.send(chat(uuid, QStringLiteral("forged")));
        QVERIFY(answersPing(mallory));
        QCOMPARE(stored(a, uuid), 0);
        QCOMPARE(mallory.receivedCount(ChatProtocol::Type::Ack), 0);

        bob.send(chat(uuid, QStringLiteral("real")));
        QTRY_COMPARE_WITH_TIMEOUT(stored(a, uuid), 1, Timeout);
        QCOMPARE(a->messenger().messages().find(uuid)->senderId, bob.id());
        QCOMPARE(a->messenger().messages().find(uuid)->body, QStringLiteral("real"));
        QTRY_COMPARE_WITH_TIMEOUT(bob.receivedCount(ChatProtocol::Type::Ack), 1, Timeout);
    }

    void replaysChangeNothing()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        join(a, peer);
        const QString uuid = newUuid();
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        const QCborMap original = chat(uuid, QStringLiteral("v1"));
        const QCborMap newer =
            ChatProtocol::encodeEdit({uuid, QStringLiteral("v3"), t0.addSecs(2)});
        const QCborMap older =
            ChatProtocol::encodeEdit({uuid, QStringLiteral("v2"), t0.addSecs(1)});
        peer.send(original);
        peer.send(newer);
        peer.send(older); // replayed out of order: the newest edit stays
        peer.send(original);
        QTRY_COMPARE_WITH_TIMEOUT(peer.receivedCount(ChatProtocol::Type::Ack), 4, Timeout);
        QCOMPARE(a->messenger().messages().find(uuid)->body, QStringLiteral("v3"));

        peer.send(ChatProtocol::encodeDelete(uuid));
        QTRY_COMPARE_WITH_TIMEOUT(peer.receivedCount(ChatProtocol::Type::Ack), 5, Timeout);
        QVERIFY(a->messenger().messages().find(uuid)->deleted);
        // After the deletion, replays of the message and its edits resurrect nothing, also on
        // a new connection.
        peer.abort();
        QTRY_VERIFY_WITH_TIMEOUT(!a->sessions().isConnected(peer.id()), Timeout);
        join(a, peer);
        for (const QCborMap &m : {original, newer, older})
            peer.send(m);
        QVERIFY(answersPing(peer));
        const auto after = a->messenger().messages().find(uuid);
        QVERIFY(after && after->deleted && after->body.isEmpty());
        QCOMPARE(a->messenger().messages().history(peer.id(), 10, {})->messages.size(), 1);
    }

    void anotherPeersUuidCannotBeHijacked()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer bob, mallory;
        join(a, bob);
        join(a, mallory);
        const QString uuid = newUuid();
        bob.send(chat(uuid, QStringLiteral("from Bob")));
        QTRY_COMPARE_WITH_TIMEOUT(bob.receivedCount(ChatProtocol::Type::Ack), 1, Timeout);
        // Mallory replays Bob's uuid with her own text, then tries to edit and delete it.
        mallory.send(chat(uuid, QStringLiteral("from Mallory")));
        mallory.send(ChatProtocol::encodeEdit(
            {uuid, QStringLiteral("edited by Mallory"), QDateTime::currentDateTimeUtc()}));
        mallory.send(ChatProtocol::encodeDelete(uuid));
        QVERIFY(answersPing(mallory));
        const auto message = a->messenger().messages().find(uuid);
        QVERIFY(message);
        QCOMPARE(message->senderId, bob.id());
        QCOMPARE(message->body, QStringLiteral("from Bob"));
        QVERIFY(!message->deleted);
    }
};

QTEST_GUILESS_MAIN(TestHostilePeer)
#include "tst_hostilepeer.moc"
