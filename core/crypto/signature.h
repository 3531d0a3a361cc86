#pragma once

#include <QByteArray>

namespace Tincan {

// Checks a signature made by Identity::sign (ECDSA over SHA-256, DER-encoded) against the
// signer's SubjectPublicKeyInfo DER. False on any error: malformed key or signature included.
bool verifySignature(const QByteArray &spkiDer, const QByteArray &data,
                     const QByteArray &signature);

} // namespace Tincan
