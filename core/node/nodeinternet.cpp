#include "dht/dhtnode.h"
#include "dht/dhtrendezvous.h"
#include "ice/contactrendezvous.h"
#include "ice/icetransport.h"
#include "mailbox/courier.h"
#include "net/sessionmanager.h"
#include "node.h"
#include "store/peerrepository.h"
#include "util/logging.h"

#include <QJsonArray>

namespace Tincan {

namespace {
QString describe(const IceConfig &config)
{
    QStringList servers;
    for (const StunServer &stun : config.stun)
        servers << QStringLiteral("stun ") + formatStunServer(stun);
    for (const TurnServer &turn : config.turn)
        servers << QStringLiteral("turn ") + formatTurnServer(turn, true);
    return servers.isEmpty() ? QStringLiteral("no STUN or TURN server")
                             : servers.join(QStringLiteral(", "));
}
} // namespace

// Reaching beyond the LAN (--internet, or the setting internet): ICE as the router's second
// transport, with contacts as the rendezvous. Off, no ICE agent exists, so nothing is sent
// beyond the LAN. The servers of the command line come first, then those of the settings.
void Node::applyInternet()
{
    IceConfig config = m_config.ice;
    QString unused; // the settings schema checked every entry
    const QJsonArray stun = setting(QStringLiteral("stunServers")).toArray();
    for (const QJsonValue &text : stun) {
        if (const auto server = parseStunServer(text.toString(), &unused))
            config.stun.append(*server);
    }
    const QJsonArray turn = setting(QStringLiteral("turnServers")).toArray();
    for (const QJsonValue &text : turn) {
        if (const auto server = parseTurnServer(text.toString(), &unused))
            config.turn.append(*server);
    }
    const bool on = m_config.internet || setting(QStringLiteral("internet")).toBool();
    if (on && m_ice) {
        m_ice->setConfig(config); // for the links set up from now on
    } else if (on) {
        m_ice =
            new IceTransport(*m_identity, m_courier->envelopeKeyPair(), m_config.limits, config);
        m_ice->addRendezvous(m_rendezvous.get());
        m_ice->setOfferFilter([this](const QString &deviceId) {
            const auto record = m_peers->find(deviceId);
            return !record || record->trust != Trust::Blocked;
        });
        m_ice->listen({}, 0, &unused);
        m_sessions->addDeviceTransport(m_ice);
        qCInfo(lcNet).noquote() << "reaching beyond the LAN over ICE;" << describe(config);
    } else if (m_ice) {
        applyDht(false);
        m_sessions->removeDeviceTransport(); // closes its links
        m_ice = nullptr;
        qCInfo(lcNet) << "no longer reaching beyond the LAN";
    }
    if (on)
        applyDht(true);
}

// The DHT rendezvous, tried after the contacts: joined through the bootstrap nodes of the
// command line, else of the setting dhtBootstrap (Jami's by default; an empty list keeps this
// node off the DHT). Off, the DHT node is gone and sends nothing.
void Node::applyDht(bool on)
{
    QList<DhtBootstrapNode> bootstrap;
    if (m_config.dhtBootstrap) {
        bootstrap = *m_config.dhtBootstrap;
    } else {
        QString unused; // the settings schema checked every entry
        for (const QJsonValue &text : setting(QStringLiteral("dhtBootstrap")).toArray()) {
            if (const auto node = parseDhtBootstrap(text.toString(), &unused))
                bootstrap.append(*node);
        }
    }
    QStringList through;
    for (const DhtBootstrapNode &node : std::as_const(bootstrap))
        through << formatDhtBootstrap(node);
    if (!on || through != m_dhtJoinedThrough) {
        if (m_dht)
            qCInfo(lcDht) << "leaving the DHT";
        m_dhtRendezvous.reset(); // before the node it uses; the ICE transport forgets it
        m_dht.reset();
        m_dhtJoinedThrough.clear();
    }
    // Off, or joined (or tried) through these already: a node that could not start is tried
    // again only for other bootstrap nodes.
    if (!on || through.isEmpty() || through == m_dhtJoinedThrough)
        return;
    m_dhtJoinedThrough = through;
    auto node = std::make_unique<DhtNode>();
    QString error;
    if (!node->start(m_config.dhtPort, bootstrap, &error)) {
        qCWarning(lcDht).noquote() << error;
        return;
    }
    m_dht = std::move(node);
    m_dhtRendezvous = std::make_unique<DhtRendezvous>(*m_dht, *m_identity,
                                                      m_courier->envelopeKeyPair().publicKey);
    m_ice->addRendezvous(m_dhtRendezvous.get());
    qCInfo(lcDht).noquote() << "joining the DHT through" << through.join(QStringLiteral(", "));
}

} // namespace Tincan
