#pragma once

// Shared by the tests that drive a node with a hand-made peer (RawTlsPeer).
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "rawtlspeer.h"
#include "testnode.h"

#include <QCryptographicHash>
#include <QTest>

namespace PeerTest {

inline constexpr int JoinTimeout = 10000;

// A well-formed device id (64 hex), a different one for each i: for hints and credentials.
inline QString someId(int i)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray("id").append(QByteArray::number(i)),
                                 QCryptographicHash::Sha256)
            .toHex());
}

// Both nodes hold a session with each other.
inline bool connected(TestNode &a, TestNode &b)
{
    return a->sessions().isConnected(b.id()) && b->sessions().isConnected(a.id());
}

// A raw peer with a session on `node` (TLS done, hello accepted, and the node's hello read).
// The node's side being connected says nothing of what the peer has read yet, so both are
// waited for: a test that counts frames from the node starts from a known point.
inline void join(TestNode &node, RawTlsPeer &peer)
{
    const int hellos = peer.receivedCount(Tincan::Protocol::Type::Hello);
    peer.connectTo(node->port());
    QTRY_VERIFY_WITH_TIMEOUT(peer.isEncrypted(), JoinTimeout);
    peer.sendHello();
    QTRY_VERIFY_WITH_TIMEOUT(node->sessions().isConnected(peer.id()), JoinTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(peer.receivedCount(Tincan::Protocol::Type::Hello) > hellos,
                             JoinTimeout);
}

// The barrier before an absence is checked: once the ping sent after everything else has its
// pong, the node has handled all the peer sent before (and the session still reads frames).
inline bool answersPing(RawTlsPeer &peer)
{
    const int before = peer.receivedCount(Tincan::Protocol::Type::Pong);
    peer.send({{QStringLiteral("t"), Tincan::Protocol::Type::Ping}});
    const bool answered = QTest::qWaitFor(
        [&] { return peer.receivedCount(Tincan::Protocol::Type::Pong) > before; }, JoinTimeout);
    QCoreApplication::processEvents(); // what that handling posted has run too
    return answered;
}

} // namespace PeerTest
