#pragma once

#include "hpke.h"
#include "keystore.h"

#include <QString>

#include <optional>

namespace Tincan {

// This device's envelope key: the HPKE key pair (hpke.h) its contacts seal envelopes to
// (mailbox/envelope.h), so that a mailbox can hold messages for it that only it can read. A
// P-256 key of its own, never the TLS or the account key: one key, one use. Kept as the other
// keys of the profile are: DIR/envelope.key (PEM, 0600) or in the keyring (KeyStore).
namespace EnvelopeKey {

// Loads the key, or makes it on the first start. A key file that cannot be read, or holds no
// P-256 key, is an error naming the file: a new key is never made in its place, because the
// envelopes already sealed to the old one would be lost.
std::optional<Hpke::KeyPair> loadOrCreate(const QString &profileDir, QString *error,
                                          KeyStorage storage = KeyStorage::File);

inline QString fileName()
{
    return QStringLiteral("envelope.key");
}

} // namespace EnvelopeKey
} // namespace Tincan
