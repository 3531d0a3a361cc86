#include "ice/contactrendezvous.h"
#include "ice/icetransport.h"
#include "mailbox/courier.h"
#include "net/sessionmanager.h"
#include "node.h"
#include "util/logging.h"

namespace Tincan {

// Reaching beyond the LAN (--internet): ICE as the router's second transport, with contacts
// as the rendezvous. Without it no ICE agent exists, so nothing is sent beyond the LAN.
void Node::startInternet()
{
    auto *ice =
        new IceTransport(*m_identity, m_courier->envelopeKeyPair(), m_config.limits, m_config.ice);
    ice->addRendezvous(m_rendezvous.get());
    QString unused;
    ice->listen({}, 0, &unused);
    m_sessions->addDeviceTransport(ice);
    QStringList servers;
    for (const StunServer &stun : std::as_const(m_config.ice.stun))
        servers << QStringLiteral("stun ") + formatStunServer(stun);
    for (const TurnServer &turn : std::as_const(m_config.ice.turn))
        servers << QStringLiteral("turn ") + formatTurnServer(turn, true);
    qCInfo(lcNet).noquote() << "reaching beyond the LAN over ICE;"
                            << (servers.isEmpty() ? QStringLiteral("no STUN or TURN server")
                                                  : servers.join(QStringLiteral(", ")));
}

} // namespace Tincan
