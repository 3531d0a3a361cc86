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
#include "rawtlspeer.h"
#include "store/conversationrepository.h"
#include "testnode.h"

#include <QCborArray>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

using namespace Tincan;
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

QCborMap ping()
{
    return {{kT, Protocol::Type::Ping}};
}

QCborMap chat(const QString &uuid, const QString &body)
{
    return ChatProtocol::encodeMessage(
        {uuid, {}, QDateTime::currentDateTimeUtc(), body, MessageKind::Text, {}});
}

// A raw peer with a session on `node` (TLS done, hello accepted).
void join(TestNode &node, RawTlsPeer &peer)
{
    peer.connectTo(node->port());
    QTRY_VERIFY_WITH_TIMEOUT(peer.isEncrypted(), Timeout);
    peer.sendHello();
    QTRY_VERIFY_WITH_TIMEOUT(node->sessions().isConnected(peer.id()), Timeout);
}

// The session still reads frames: a ping sent after everything else gets its pong.
bool answersPing(RawTlsPeer &peer)
{
    const int before = peer.receivedCount(Protocol::Type::Pong);
    peer.send(ping());
    return QTest::qWaitFor([&] { return peer.receivedCount(Protocol::Type::Pong) > before; },
                           Timeout);
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
        QTest::qWait(200);                          // time for a wrong partial store to happen
        peer.abort();
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
        Protocol::Hello hello;
        hello.id = peer.id();
        hello.name = QStringLiteral("raw");
        QCborMap map = Protocol::encodeHello(hello);
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
