#pragma once

#include "crypto/account.h"
#include "crypto/identity.h"
#include "net/frame.h"
#include "net/protocol.h"

#include <QHash>
#include <QSslSocket>
#include <QStringList>
#include <QTemporaryDir>

#include <optional>

// A hand-driven TLS client with a real identity, for the hostile cases a well-behaved node
// never produces: wrong hello ids, silence (it never answers a ping), garbage and absurd length
// prefixes. It never blocks, so the node under test can run in the same thread; tests wait with
// QTRY_*.
class RawTlsPeer
{
public:
    RawTlsPeer();
    // With the identity kept in identityDir (made there if new): several peers with one key.
    explicit RawTlsPeer(const QString &identityDir);

    // from: the local address to connect from (another 127.x.y.z is another host), any if null.
    void connectTo(quint16 port, bool presentCertificate = true, const QHostAddress &from = {});
    // A well-formed v2 hello of this peer (claiming claimedId if given), to send or to spoil.
    Tincan::Protocol::Hello hello(const QString &claimedId = {}) const;
    void sendHello(const QString &claimedId = {});
    void sendRaw(const QByteArray &bytes);
    void send(const QCborMap &message) { sendRaw(Tincan::encodeFrame(message)); }
    void abort() { m_socket.abort(); } // drops the connection, unsent bytes included
    // From now on nothing is read: the kernel's buffers fill, then the node's.
    void stopReading();
    bool isEncrypted() const { return m_socket.isEncrypted(); }
    bool isDisconnected() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    bool hasReceived(const QString &type) const { return m_receivedTypes.contains(type); }
    int receivedCount(const QString &type) const { return int(m_receivedTypes.count(type)); }
    // The last message of that type received, empty if none.
    QCborMap lastReceived(const QString &type) const { return m_lastByType.value(type); }
    QString id() const { return m_identity->id(); }

private:
    QTemporaryDir m_dir;
    std::optional<Tincan::Identity> m_identity;
    std::optional<Tincan::Account> m_account;
    QSslSocket m_socket;
    Tincan::FrameDecoder m_decoder;
    QStringList m_receivedTypes;
    QHash<QString, QCborMap> m_lastByType;
    bool m_reading = true;
};
