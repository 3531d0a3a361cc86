#include "icetransport.h"

#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "icelink.h"
#include "net/tlsconfig.h"
#include "util/logging.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace Tincan {

namespace {
constexpr int kMaxSessions = 16; // ICE sessions being set up at once, both ways
} // namespace

IceTransport::IceTransport(const Identity &identity, const Hpke::KeyPair &envelopeKey,
                           const SessionLimits &limits, const IceConfig &config, QObject *parent)
    : Transport(parent)
    , m_identity(identity)
    , m_key(envelopeKey)
    , m_limits(limits)
    , m_tls(makeTlsConfiguration(identity))
{
    connect(&m_resolver, &IceResolver::resolved, this,
            [this](const IceConfig &resolved) { m_config = resolved; });
    setConfig(config);
}

IceTransport::~IceTransport() = default;

void IceTransport::setConfig(const IceConfig &config)
{
    m_config = config; // IP literals at once
    m_resolver.resolve(config);
}

void IceTransport::addRendezvous(Rendezvous *rendezvous)
{
    m_rendezvous.append(rendezvous);
    connect(rendezvous, &QObject::destroyed, this,
            [this, rendezvous] { removeRendezvous(rendezvous); });
    connect(rendezvous, &Rendezvous::found, this, &IceTransport::onFound);
    connect(rendezvous, &Rendezvous::notFound, this, &IceTransport::onNotFound);
    connect(rendezvous, &Rendezvous::received, this, [this, rendezvous](auto sealed, auto route) {
        QString why;
        const auto signal = IceSignals::open(sealed, m_key, m_identity.id(),
                                             QDateTime::currentMSecsSinceEpoch(), &why);
        if (!signal) {
            qCWarning(lcNet).noquote()
                << "refused an ICE signal through" << rendezvous->name() << ":" << why;
            return;
        }
        if (signal->kind == IceSignal::Kind::Offer) {
            acceptOffer(*signal, rendezvous, route);
            return;
        }
        const auto it = m_sessions.find(signal->sessionId);
        if (it == m_sessions.end() || it->peer != signal->from || it->answered || !it->link) {
            qCWarning(lcNet).noquote() << "refused an ICE answer from" << signal->from.left(12)
                                       << ": it answers no offer of ours";
            return;
        }
        it->answered = true;
        it->link->setRemoteDescription(signal->description);
    });
}

void IceTransport::removeRendezvous(Rendezvous *rendezvous)
{
    m_rendezvous.removeAll(rendezvous);
    // Links already up carry on; those still being set up through it cannot finish.
    QList<QPointer<IceLink>> orphans;
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if (it->via != rendezvous)
            continue;
        it->via = nullptr;
        if (it->link && it->link->state() == Link::State::Connecting)
            orphans.append(it->link);
    }
    for (const auto &link : orphans) {
        if (link)
            link->close(QStringLiteral("its rendezvous went away"));
    }
}

bool IceTransport::listen(const QHostAddress &, quint16, QString *)
{
    m_accepting = true;
    return true;
}

// The outgoing session to deviceId that waits for a rendezvous to find the device.
QByteArray IceTransport::sessionFor(const QString &deviceId) const
{
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        if (it->peer == deviceId && it->link && !it->via &&
            it->link->direction() == Link::Direction::Outgoing)
            return it.key();
    }
    return {};
}

Link *IceTransport::dialDevice(const QString &deviceId)
{
    if (m_rendezvous.isEmpty() || m_sessions.size() >= kMaxSessions)
        return nullptr;
    QByteArray sessionId(IceSignals::SessionIdSize, Qt::Uninitialized);
    QRandomGenerator::system()->generate(sessionId.begin(), sessionId.end());
    auto *link =
        new IceLink(Link::Direction::Outgoing, deviceId, sessionId, m_config, m_tls, m_limits);
    m_sessions.insert(sessionId, {link, deviceId, {}, {}, nullptr, {}, 0, false});
    connect(link, &IceLink::localDescriptionReady, this,
            [this, sessionId] { sendDescription(sessionId); });
    connect(link, &Link::closed, this, [this, sessionId] { m_sessions.remove(sessionId); });
    // After the router has adopted and started the link: a rendezvous may answer at once.
    QMetaObject::invokeMethod(
        this,
        [this, sessionId] {
            if (m_sessions.contains(sessionId))
                lookup(sessionId);
        },
        Qt::QueuedConnection);
    return link;
}

void IceTransport::lookup(const QByteArray &sessionId)
{
    Session &session = m_sessions[sessionId];
    if (session.rendezvousTried >= m_rendezvous.size()) {
        if (session.link)
            session.link->close(QStringLiteral("no rendezvous reached the device"));
        return;
    }
    m_rendezvous.at(session.rendezvousTried++)->lookup(session.peer);
}

void IceTransport::onFound(const RendezvousPeer &peer)
{
    const QByteArray sessionId = sessionFor(peer.deviceId);
    if (sessionId.isEmpty())
        return;
    Session &session = m_sessions[sessionId];
    session.via = qobject_cast<Rendezvous *>(sender());
    session.route = peer.route;
    session.peerKey = peer.envelopeKey;
    session.peerCertificate = peer.certificate;
    qCInfo(lcNet).noquote() << "found" << peer.deviceId.left(12) << "through"
                            << session.via->name();
    sendDescription(sessionId);
}

void IceTransport::onNotFound(const QString &deviceId, const QString &why)
{
    const QByteArray sessionId = sessionFor(deviceId);
    if (sessionId.isEmpty())
        return;
    qCInfo(lcNet).noquote() << "rendezvous" << qobject_cast<Rendezvous *>(sender())->name()
                            << "did not find" << deviceId.left(12) << ":" << why;
    lookup(sessionId);
}

// Sends the offer, or the answer, once both the local description and the way are known.
void IceTransport::sendDescription(const QByteArray &sessionId)
{
    const auto it = m_sessions.find(sessionId);
    if (it == m_sessions.end() || !it->link || !it->via)
        return;
    const QString description = it->link->localDescription();
    if (description.isEmpty())
        return; // still gathering: localDescriptionReady() comes back here
    IceSignal signal;
    signal.kind = it->link->direction() == Link::Direction::Outgoing ? IceSignal::Kind::Offer
                                                                     : IceSignal::Kind::Answer;
    signal.from = m_identity.id();
    signal.to = it->peer;
    signal.sessionId = sessionId;
    signal.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    signal.senderCertificate = m_identity.certificate().toDer();
    signal.replyKey = m_key.publicKey;
    signal.description = description;
    const auto sealed = IceSignals::seal(signal, m_identity, it->peerKey);
    if (!sealed || !it->via->deliver(it->route, it->peer, *sealed))
        it->link->close(QStringLiteral("the rendezvous could not carry the ICE description"));
}

bool IceTransport::seenBefore(const QByteArray &sessionId)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_seen.begin(); it != m_seen.end();)
        it = now - it.value() > 2 * IceSignals::MaxAgeMs ? m_seen.erase(it) : std::next(it);
    if (m_seen.contains(sessionId))
        return true;
    m_seen.insert(sessionId, now);
    return false;
}

void IceTransport::acceptOffer(const IceSignal &offer, Rendezvous *via, const QString &route)
{
    QString refusal;
    if (!m_accepting)
        refusal = QStringLiteral("not accepting");
    else if (seenBefore(offer.sessionId))
        refusal = QStringLiteral("a replayed offer");
    else if (!m_offersPerCaller.allow(offer.from, QDateTime::currentMSecsSinceEpoch()))
        refusal = QStringLiteral("over %1 offers this minute").arg(OffersPerCallerPerMinute);
    else if (m_offerFilter && !m_offerFilter(offer.from))
        refusal = QStringLiteral("the device is blocked");
    else if (m_sessions.size() >= kMaxSessions)
        refusal = QStringLiteral("too many ICE sessions being set up");
    if (!refusal.isEmpty()) {
        qCWarning(lcNet).noquote()
            << "refused an ICE offer from" << offer.from.left(12) << ":" << refusal;
        return;
    }
    auto *link = new IceLink(Link::Direction::Incoming, offer.from, offer.sessionId, m_config,
                             m_tls, m_limits);
    m_sessions.insert(offer.sessionId, {link, offer.from, offer.replyKey, offer.senderCertificate,
                                        via, route, 0, false});
    const QByteArray sessionId = offer.sessionId;
    connect(link, &IceLink::localDescriptionReady, this,
            [this, sessionId] { sendDescription(sessionId); });
    connect(link, &Link::closed, this, [this, sessionId] { m_sessions.remove(sessionId); });
    qCInfo(lcNet).noquote() << "ICE offer from" << offer.from.left(12) << "through" << via->name();
    const QString description = offer.description;
    Q_EMIT incomingLink(link); // the router starts it, or closes it at once
    if (QPointer<IceLink> alive = link; alive && alive->state() != Link::State::Closed)
        alive->setRemoteDescription(description);
}

} // namespace Tincan
