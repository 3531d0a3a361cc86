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
        m_sessions->removeDeviceTransport(); // closes its links
        m_ice = nullptr;
        qCInfo(lcNet) << "no longer reaching beyond the LAN";
    }
}

} // namespace Tincan
