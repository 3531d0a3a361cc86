#include "contactrendezvous.h"

#include "crypto/fingerprint.h"
#include "icesignal.h"
#include "mailbox/mailboxprotocol.h"
#include "mailbox/peermailboxes.h"
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "util/cbor.h"
#include "util/logging.h"

namespace Tincan {

const QString ContactRendezvous::Capability = QStringLiteral("ice1");

namespace {
const QString kQuery = QStringLiteral("rdq"), kAnswer = QStringLiteral("rdr"),
              kSignal = QStringLiteral("rdv");
const QString kType = QStringLiteral("t"), kId = QStringLiteral("id"),
              kCert = QStringLiteral("cert"), kRecord = QStringLiteral("rec"),
              kTo = QStringLiteral("to"), kBox = QStringLiteral("box");
constexpr int kFramesPerMinute = 30; // what one device may ask of a contact
constexpr int kMaxAsked = 8;         // contacts asked at once
constexpr std::chrono::seconds kLookupTimeout{5};
} // namespace

ContactRendezvous::ContactRendezvous(SessionManager &sessions, PeerMailboxes &records,
                                     QObject *parent)
    : Rendezvous(parent)
    , m_sessions(sessions)
    , m_records(records)
{
    m_clock.start();
    sessions.addCapability(Capability);
    connect(&sessions, &SessionManager::messageReceived, this, &ContactRendezvous::onMessage);
    connect(&sessions, &SessionManager::peerDisconnected, this, &ContactRendezvous::onContactGone);
    connect(&sessions, &SessionManager::sessionReplaced, this, &ContactRendezvous::onContactGone);
}

// A contact whose link went down or was replaced (a network change) will not answer on it: a
// lookup that waits only for such contacts ends now, so that the device is sought again through
// the links that work rather than after the lookup's timeout.
void ContactRendezvous::onContactGone(const QString &peerId)
{
    QStringList ended;
    for (auto it = m_lookups.begin(); it != m_lookups.end(); ++it) {
        if (it->asked.remove(peerId) && it->asked.isEmpty())
            ended.append(it.key());
    }
    for (const QString &deviceId : std::as_const(ended))
        giveUp(deviceId, QStringLiteral("the contact asked went offline"));
}

bool ContactRendezvous::speaks(const QString &peerId) const
{
    const auto credential = m_sessions.credential(peerId);
    return credential && credential->hello.capabilities.contains(Capability);
}

void ContactRendezvous::lookup(const QString &deviceId)
{
    if (m_lookups.contains(deviceId))
        return; // the answer to the lookup in flight serves both
    Lookup lookup;
    for (const QString &peer : m_sessions.connectedPeers()) {
        if (peer == deviceId || !speaks(peer) || lookup.asked.size() >= kMaxAsked)
            continue;
        QCborMap query;
        query.insert(kType, kQuery);
        query.insert(kId, deviceId);
        if (m_sessions.send(peer, query))
            lookup.asked.insert(peer);
    }
    if (lookup.asked.isEmpty()) {
        Q_EMIT notFound(deviceId, QStringLiteral("no contact who could introduce is online"));
        return;
    }
    lookup.timer = new QTimer(this);
    lookup.timer->setSingleShot(true);
    connect(lookup.timer, &QTimer::timeout, this, [this, deviceId] {
        giveUp(deviceId, QStringLiteral("no online contact is connected to it"));
    });
    lookup.timer->start(kLookupTimeout);
    m_lookups.insert(deviceId, lookup);
}

void ContactRendezvous::giveUp(const QString &deviceId, const QString &why)
{
    const auto it = m_lookups.find(deviceId);
    if (it == m_lookups.end())
        return;
    it->timer->deleteLater();
    m_lookups.erase(it);
    Q_EMIT notFound(deviceId, why);
}

bool ContactRendezvous::deliver(const QString &route, const QString &deviceId,
                                const QByteArray &sealed)
{
    QCborMap frame;
    frame.insert(kType, kSignal);
    if (route != deviceId) // to the contact, for deviceId; else the contact is the device
        frame.insert(kTo, deviceId);
    frame.insert(kBox, sealed);
    return m_sessions.send(route, frame);
}

bool ContactRendezvous::takeToken(const QString &peerId)
{
    const qint64 minute = m_clock.elapsed() / 60000;
    auto &budget = m_budgets[peerId];
    if (budget.first != minute)
        budget = {minute, 0};
    if (++budget.second <= kFramesPerMinute)
        return true;
    if (budget.second == kFramesPerMinute + 1)
        qCInfo(lcNet).noquote() << "rendezvous: ignoring" << peerId.left(12)
                                << "for the rest of this minute (over" << kFramesPerMinute
                                << "frames)";
    return false;
}

void ContactRendezvous::onMessage(const QString &peerId, const QCborMap &frame)
{
    const QString type = Protocol::typeOf(frame);
    if (type == kQuery) {
        if (takeToken(peerId))
            answerQuery(peerId, frame);
    } else if (type == kAnswer) {
        onAnswer(peerId, frame);
    } else if (type == kSignal) {
        const QByteArray box = frame.value(kBox).toByteArray();
        if (box.isEmpty() || box.size() > IceSignals::MaxSealedSize)
            return;
        if (frame.contains(kTo)) {
            if (takeToken(peerId))
                forward(peerId, frame);
        } else {
            Q_EMIT received(box, peerId);
        }
    }
}

// The contact's part: tell the asker how to seal to the device, if it is connected here.
void ContactRendezvous::answerQuery(const QString &peerId, const QCborMap &frame)
{
    const QString id = frame.value(kId).toString();
    if (!Protocol::isValidId(id))
        return;
    QCborMap answer;
    answer.insert(kType, kAnswer);
    answer.insert(kId, id);
    const auto credential = id != peerId ? m_sessions.credential(id) : std::nullopt;
    const QByteArray record = credential ? m_records.signedFrame(id) : QByteArray();
    if (credential && !record.isEmpty() && speaks(id)) {
        answer.insert(kCert, credential->certificate.toDer());
        answer.insert(kRecord, record);
    }
    m_sessions.send(peerId, answer);
}

void ContactRendezvous::forward(const QString &peerId, const QCborMap &frame)
{
    const QString to = frame.value(kTo).toString();
    if (to == peerId || !m_sessions.isConnected(to) || !speaks(to))
        return; // gone since: the dialling side times out and says so
    QCborMap onward;
    onward.insert(kType, kSignal);
    onward.insert(kBox, frame.value(kBox));
    m_sessions.send(to, onward);
}

void ContactRendezvous::onAnswer(const QString &peerId, const QCborMap &frame)
{
    const QString id = frame.value(kId).toString();
    const auto it = m_lookups.find(id);
    if (it == m_lookups.end() || !it->asked.remove(peerId))
        return; // not asked, or asked and answered before
    const QByteArray der = frame.value(kCert).toByteArray();
    if (!der.isEmpty()) {
        const QByteArray spki = spkiOfCertificateFor(der, id);
        QString why = QStringLiteral("the contact's answer names another device");
        const auto recordFrame = parseSingleCborItem(frame.value(kRecord).toByteArray(), &why);
        std::optional<MailboxProtocol::Record> record;
        if (!spki.isEmpty() && recordFrame)
            record = MailboxProtocol::decodeRecord(recordFrame->toMap(), id, spki, &why);
        if (record) {
            it->timer->deleteLater();
            m_lookups.erase(it);
            Q_EMIT found({id, der, record->envelopeKey, peerId});
            return;
        }
        qCWarning(lcNet).noquote()
            << "rendezvous: ignored" << peerId.left(12) << "about" << id.left(12) << ":" << why;
    }
    if (it->asked.isEmpty())
        giveUp(id, QStringLiteral("no online contact is connected to it"));
}

} // namespace Tincan
