#pragma once

#include "crypto/hpke.h"
#include "peermailboxes.h"

#include <QCborMap>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace Tincan {

class Database;
class Identity;
class Messenger;
class PeerRepository;
class SessionManager;

// A device's side of mailboxes (#17):
// - it publishes its mailbox record (envelope key, chosen mailbox) to every peer that speaks
//   mailboxes, keeps the records peers publish, and asks its chosen mailbox to hold for it;
// - it seals what waits in the outbox for an offline peer and deposits it: in the peer's
//   mailbox when it has one, else in this device's own (courier.cpp);
// - it collects what waits for it at its own mailbox and at its peers' (couriercollect.cpp).
// A deposited message stays in the outbox until the recipient acknowledges it; the mailbox
// only adds a way for it to arrive sooner.
class Courier : public QObject
{
    Q_OBJECT
public:
    Courier(SessionManager &sessions, Messenger &messenger, PeerRepository &peers, Database &db,
            const Identity &identity, Hpke::KeyPair envelopeKey, QObject *parent = nullptr);

    enum class MailboxState
    {
        None,       // no mailbox chosen
        Asking,     // chosen; it has not answered yet (offline, or not asked since)
        Accepted,   // it holds envelopes for this device
        NotOffered, // it answered that it is no mailbox
    };
    Q_ENUM(MailboxState)

    // The device chosen to hold this device's envelopes (empty: none). The old one is told to
    // stop, the new one asked, and every peer gets the new record.
    void setMailbox(const QString &deviceId);
    QString mailbox() const { return m_mailbox; }
    MailboxState mailboxState() const { return m_state; }
    QByteArray envelopeKey() const { return m_key.publicKey; }
    const Hpke::KeyPair &envelopeKeyPair() const { return m_key; }
    PeerMailboxes &records() { return m_records; }
    // Envelopes taken from mailboxes since start, and those refused as forged or damaged.
    int collected() const { return m_collected; }
    int rejected() const { return m_rejected; }

    static constexpr int ExpiryDays = 30;

Q_SIGNALS:
    void mailboxStateChanged();

private:
    void onConnected(const QString &peerId);
    void onMessage(const QString &peerId, const QCborMap &frame);
    bool speaksMailbox(const QString &peerId) const;
    void signRecord();
    void publishRecord(const QString &peerId);
    void onRecord(const QString &peerId, const QCborMap &frame);
    void onUseReply(const QString &peerId, const QCborMap &frame);
    void setState(MailboxState state);
    QString routeFor(const MailboxProtocol::Record &recipient) const;
    void scheduleDeposits();
    void deposit();
    void depositFor(const MailboxProtocol::Record &recipient, const QString &mailbox);
    void holdFor(const MailboxProtocol::Record &recipient);
    void onPutReply(const QString &peerId, const QCborMap &frame);
    void refuse(const QString &mailbox, qint64 entryId, const QString &reason);
    void collect(const QString &peerId);
    void onBatch(const QString &peerId, const QCborMap &frame);

    SessionManager &m_sessions;
    Messenger &m_messenger;
    PeerRepository &m_peers;
    const Identity &m_identity;
    Hpke::KeyPair m_key;
    PeerMailboxes m_records;
    QString m_mailbox;
    MailboxState m_state = MailboxState::None;
    qint64 m_issuedAt = 0;
    QCborMap m_record; // this device's record, signed: the mbrec frame

    struct InFlight
    {
        QString mailbox;
        QString recipient;
    };
    QHash<qint64, InFlight> m_inFlight; // by outbox entry id, which is the Put's tag
    QHash<QString, QString> m_refused;  // mailbox → why it refused (full), until the retry
    QTimer m_depositTimer;
    QTimer m_retryTimer;
    int m_collected = 0;
    int m_rejected = 0;
};

} // namespace Tincan
