#include "courier.h"

#include "chat/messenger.h"
#include "crypto/fingerprint.h"
#include "crypto/identity.h"
#include "envelope.h"
#include "net/sessionmanager.h"
#include "store/peerrepository.h"
#include "util/logging.h"

#include <algorithm>

namespace Tincan {

using namespace MailboxProtocol;

namespace Couriers {
namespace {
constexpr int MaxInFlight = 64;   // deposits awaiting an answer, over all mailboxes
constexpr int DepositBatch = 100; // outbox entries read per recipient per round
constexpr int RetryIntervalMs = 60'000;
} // namespace
} // namespace Couriers

Courier::Courier(SessionManager &sessions, Messenger &messenger, PeerRepository &peers,
                 Database &db, const Identity &identity, Hpke::KeyPair envelopeKey, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_messenger(messenger)
    , m_peers(peers)
    , m_identity(identity)
    , m_key(std::move(envelopeKey))
    , m_records(db)
    , m_issuedAt(QDateTime::currentMSecsSinceEpoch())
{
    sessions.addCapability(Capability);
    m_depositTimer.setSingleShot(true);
    m_depositTimer.setInterval(0);
    connect(&m_depositTimer, &QTimer::timeout, this, &Courier::deposit);
    // Whatever a mailbox refused (full) or never answered is tried again now and then, and
    // the mailboxes are asked again for what waits: a letter may come in while both are up.
    m_retryTimer.setInterval(Couriers::RetryIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        m_refused.clear();
        scheduleDeposits();
        const QStringList theirs = m_records.mailboxes();
        for (const QString &peer : m_sessions.connectedPeers()) {
            if (peer == m_mailbox || theirs.contains(peer))
                collect(peer);
        }
    });
    m_retryTimer.start();
    connect(&sessions, &SessionManager::peerConnected, this, &Courier::onConnected);
    connect(&sessions, &SessionManager::sessionReplaced, this, &Courier::onConnected);
    connect(&sessions, &SessionManager::peerDisconnected, this, [this](const QString &peerId) {
        // Unanswered deposits to it go again, to it or elsewhere.
        m_inFlight.removeIf([&](const auto &it) { return it.value().mailbox == peerId; });
        scheduleDeposits(); // its own letters now go to a mailbox
    });
    connect(&sessions, &SessionManager::messageReceived, this, &Courier::onMessage);
    // A message to an offline peer is deposited as soon as it is stored; one to peers that are
    // all connected costs no look at the outbox.
    connect(&messenger, &Messenger::messageAdded, this, [this](const MessageRecord &message) {
        if (!message.outgoing || message.senderId != m_sessions.localId())
            return; // a copy from another device of this person is that device's to deliver
        const QStringList recipients = m_messenger.recipientsOf(message.conversationId) +
                                       m_messenger.messages().otherOwnDevices();
        if (std::any_of(recipients.cbegin(), recipients.cend(),
                        [this](const QString &peer) { return !m_sessions.isConnected(peer); }))
            scheduleDeposits();
    });
    signRecord();
    scheduleDeposits();
}

bool Courier::speaksMailbox(const QString &peerId) const
{
    const auto credential = m_sessions.credential(peerId);
    return credential && credential->hello.capabilities.contains(Capability);
}

void Courier::onConnected(const QString &peerId)
{
    if (!speaksMailbox(peerId)) {
        if (peerId == m_mailbox) // an older node: it cannot answer, and cannot be one
            setState(MailboxState::NotOffered);
        return;
    }
    publishRecord(peerId);
    if (peerId == m_mailbox)
        m_sessions.send(peerId, encodeUse(true));
    if (peerId == m_mailbox || m_records.mailboxes().contains(peerId))
        collect(peerId);
    scheduleDeposits();
}

void Courier::onMessage(const QString &peerId, const QCborMap &frame)
{
    const QString type = Protocol::typeOf(frame);
    if (type == Type::Record)
        onRecord(peerId, frame);
    else if (type == Type::UseReply)
        onUseReply(peerId, frame);
    else if (type == Type::PutReply)
        onPutReply(peerId, frame);
    else if (type == Type::Batch)
        onBatch(peerId, frame);
}

// Signed once per choice of mailbox, not once per link: a LAN of hundreds links often.
void Courier::signRecord()
{
    m_record = encodeRecord({m_identity.id(), m_key.publicKey, m_mailbox, m_issuedAt}, m_identity);
}

void Courier::publishRecord(const QString &peerId)
{
    m_sessions.send(peerId, m_record);
}

void Courier::onRecord(const QString &peerId, const QCborMap &frame)
{
    const auto credential = m_sessions.credential(peerId);
    if (!credential)
        return;
    QString why;
    const auto record = decodeRecord(frame, peerId, spkiDer(credential->certificate), &why);
    if (!record) {
        qCWarning(lcMailbox).noquote()
            << "ignored the mailbox record of" << peerId.left(12) << ":" << why;
        return;
    }
    const auto changed = m_records.store(*record, frame.toCborValue().toCbor());
    if (changed && *changed) {
        qCDebug(lcMailbox).noquote()
            << peerId.left(12) << "uses mailbox"
            << (record->mailboxId.isEmpty() ? QStringLiteral("none") : record->mailboxId.left(12));
        if (m_sessions.isConnected(record->mailboxId))
            collect(record->mailboxId); // letters from peerId may wait there for this device
    }
}

void Courier::setMailbox(const QString &deviceId)
{
    if (deviceId == m_mailbox)
        return;
    if (!m_mailbox.isEmpty())
        m_sessions.send(m_mailbox, encodeUse(false));
    m_mailbox = deviceId;
    m_issuedAt = std::max(m_issuedAt + 1, QDateTime::currentMSecsSinceEpoch());
    signRecord();
    setState(deviceId.isEmpty() ? MailboxState::None : MailboxState::Asking);
    for (const QString &peer : m_sessions.connectedPeers())
        onConnected(peer);
}

void Courier::onUseReply(const QString &peerId, const QCborMap &frame)
{
    const auto answer = decodeUseReply(frame);
    if (!answer || peerId != m_mailbox)
        return;
    if (*answer == UseAnswer::Accepted) {
        setState(MailboxState::Accepted);
    } else if (*answer == UseAnswer::NotOffered) {
        setState(MailboxState::NotOffered);
        qCWarning(lcMailbox).noquote()
            << "the chosen mailbox" << peerId.left(12) << "does not offer to hold envelopes";
    }
    scheduleDeposits();
}

void Courier::setState(MailboxState state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT mailboxStateChanged();
}

// The recipient's own mailbox if it has one and it is reachable now, else this device's own
// mailbox (once it said yes), else none: the letter waits.
QString Courier::routeFor(const Record &recipient) const
{
    const auto usable = [&](const QString &mailbox) {
        return !mailbox.isEmpty() && mailbox != recipient.deviceId &&
               !m_refused.contains(mailbox) && m_sessions.isConnected(mailbox) &&
               speaksMailbox(mailbox);
    };
    if (usable(recipient.mailboxId))
        return recipient.mailboxId;
    if (m_state == MailboxState::Accepted && usable(m_mailbox))
        return m_mailbox;
    return {};
}

void Courier::scheduleDeposits()
{
    m_depositTimer.start();
}

void Courier::deposit()
{
    for (const QString &recipient :
         m_messenger.outbox().peersWithUndeposited().value_or(QStringList{})) {
        if (m_inFlight.size() >= Couriers::MaxInFlight)
            return; // each answer schedules the next round
        if (m_sessions.isConnected(recipient))
            continue; // it goes directly
        const auto record = m_records.find(recipient);
        if (!record)
            continue; // no key to seal to: it waits for a session
        const QString mailbox = routeFor(*record);
        if (!mailbox.isEmpty())
            depositFor(*record, mailbox);
        else
            holdFor(*record);
    }
}

// No mailbox takes the recipient's messages now. When that is because the one they would go
// to refused (it is full), every waiting message says so, not only those it answered.
void Courier::holdFor(const Record &recipient)
{
    QString reason = m_refused.value(recipient.mailboxId);
    if (reason.isEmpty() && m_state == MailboxState::Accepted)
        reason = m_refused.value(m_mailbox);
    if (reason.isEmpty())
        return;
    QList<qint64> ids;
    for (const OutboxEntry &entry : m_messenger.outbox()
                                        .undeposited(recipient.deviceId, Couriers::DepositBatch)
                                        .value_or(QList<OutboxEntry>{}))
        ids.append(entry.id);
    m_messenger.outbox().markHeld(ids, reason);
}

void Courier::depositFor(const Record &recipient, const QString &mailbox)
{
    const QString &recipientId = recipient.deviceId;
    const auto entries = m_messenger.outbox().undeposited(recipientId, Couriers::DepositBatch);
    if (!entries)
        return;
    const EnvelopeHeader header{
        slotOf(recipientId),
        QDateTime::currentDateTimeUtc().addDays(ExpiryDays).toSecsSinceEpoch()};
    for (const OutboxEntry &entry : *entries) {
        if (m_inFlight.size() >= Couriers::MaxInFlight)
            return;
        if (m_inFlight.contains(entry.id))
            continue;
        QString why;
        const QByteArray message =
            m_messenger.wireMessage(recipientId, entry.message).toCborValue().toCbor();
        const auto envelope =
            Envelopes::seal(header, message, m_identity, recipient.envelopeKey, &why);
        const QByteArray bytes = envelope ? Envelopes::encode(*envelope) : QByteArray();
        if (bytes.isEmpty() || bytes.size() > MaxPutSize) {
            m_messenger.outbox().markHeld({entry.id}, QStringLiteral("too large for a mailbox"));
            continue;
        }
        m_inFlight.insert(entry.id, {mailbox, recipientId});
        m_sessions.send(mailbox, encodePut({entry.id, bytes}));
    }
}

void Courier::onPutReply(const QString &peerId, const QCborMap &frame)
{
    const auto reply = decodePutReply(frame);
    if (!reply)
        return;
    const auto inFlight = m_inFlight.constFind(reply->tag);
    if (inFlight == m_inFlight.constEnd() || inFlight->mailbox != peerId)
        return;
    m_inFlight.erase(inFlight);
    const auto peer = m_peers.find(peerId);
    const QString name = peer ? peer->displayName() : PeerRecord::displayNameOf(peerId, {}, {});
    switch (reply->status) {
    case PutStatus::Stored:
        m_messenger.publish(m_messenger.outbox().markDeposited({reply->tag}));
        break;
    case PutStatus::Full:
        refuse(peerId, reply->tag, QStringLiteral("the mailbox %1 is full").arg(name));
        break;
    case PutStatus::Refused: // it will not take more either, until asked again
        refuse(peerId, reply->tag,
               QStringLiteral("the mailbox %1 does not hold for this contact").arg(name));
        break;
    case PutStatus::Invalid:
        qCWarning(lcMailbox).noquote() << "mailbox" << peerId.left(12) << "refused an envelope";
        m_messenger.outbox().markHeld({reply->tag},
                                      QStringLiteral("the mailbox %1 refused it").arg(name));
        break;
    case PutStatus::Failed:
        break; // the retry timer sends it again
    }
    scheduleDeposits();
}

void Courier::refuse(const QString &mailbox, qint64 entryId, const QString &reason)
{
    if (!m_refused.contains(mailbox))
        qCInfo(lcMailbox).noquote() << reason << "; messages wait here until the retry";
    m_refused.insert(mailbox, reason);
    m_messenger.outbox().markHeld({entryId}, reason);
}

} // namespace Tincan
