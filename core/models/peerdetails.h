#pragma once

#include "store/storetypes.h"

#include <QVariantMap>

namespace Tincan {

class Node;

// What a peer's page shows, for every front end (the trust actions are Node's use cases).
namespace PeerDetails {

// name, peerId, fingerprint (grouped), safetyNumber (empty until its key is pinned), trust
// (int), online, nearby, contact, addresses, lastSeen. Empty for an unknown peer.
QVariantMap describe(Node &node, const QString &peerId);

} // namespace PeerDetails

} // namespace Tincan
