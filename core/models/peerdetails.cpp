#include "peerdetails.h"

#include "crypto/fingerprint.h"
#include "crypto/identity.h"
#include "discovery/discoveryservice.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/peerrepository.h"

namespace Tincan::PeerDetails {

QVariantMap describe(Node &node, const QString &peerId)
{
    const auto record = node.peers().find(peerId);
    std::optional<DiscoveredPeer> nearby;
    if (DiscoveryService *discovery = node.discovery())
        nearby = discovery->peer(peerId);
    if (!record && !nearby)
        return {};
    QVariantMap map;
    map.insert(QStringLiteral("peerId"), peerId);
    map.insert(QStringLiteral("fingerprint"), groupedFingerprint(peerId));
    map.insert(QStringLiteral("online"), node.sessions().isConnected(peerId));
    map.insert(QStringLiteral("nearby"), nearby.has_value());
    map.insert(QStringLiteral("known"), record.has_value());
    QString name = nearby ? nearby->name : QString();
    QString safety;
    if (record) {
        name = record->displayName();
        map.insert(QStringLiteral("trust"), static_cast<int>(record->trust));
        map.insert(QStringLiteral("contact"), record->isContact);
        map.insert(QStringLiteral("addresses"), record->addresses);
        map.insert(QStringLiteral("lastSeen"), record->lastSeen);
        const QSslCertificate theirs(record->certificate, QSsl::Der);
        if (!record->certificate.isEmpty() && !theirs.isNull())
            safety = safetyNumber(spkiDer(node.identity().certificate()), spkiDer(theirs));
    } else {
        map.insert(QStringLiteral("trust"), static_cast<int>(Trust::Unverified));
        map.insert(QStringLiteral("contact"), false);
        map.insert(QStringLiteral("addresses"), nearby->endpoints());
        map.insert(QStringLiteral("lastSeen"), nearby->lastHeard);
    }
    map.insert(QStringLiteral("name"), PeerRecord::displayNameOf(peerId, {}, name));
    map.insert(QStringLiteral("safetyNumber"), safety);
    return map;
}

} // namespace Tincan::PeerDetails
