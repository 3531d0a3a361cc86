#pragma once

#include "store/storetypes.h"

#include <QVariantMap>

namespace Tincan {

class Node;

// What a peer's page shows and the trust actions on it, for every front end.
namespace PeerDetails {

// name, peerId, fingerprint (grouped), safetyNumber (empty until its key is pinned), trust
// (int), online, nearby, contact, addresses, lastSeen. Empty for an unknown peer.
QVariantMap describe(Node &node, const QString &peerId);

// Verifying marks the key as compared out of band; blocking also ends a running session,
// so that nothing more arrives from it.
bool setTrust(Node &node, const QString &peerId, Trust trust);

} // namespace PeerDetails

} // namespace Tincan
