#pragma once

// The OpenSSL 3.0 primitives under HPKE (hpke.cpp), one function each, on serialized values.
// Nothing here knows HPKE's labels or key schedule; that lives in hpke.cpp alone.

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace Tincan::HpkePrimitives {

// HMAC-SHA256: HKDF-Extract(salt, ikm) is hmacSha256(salt, ikm) (RFC 5869 §2.2).
QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);
// HKDF-Expand over SHA-256 (RFC 5869 §2.3). Empty when length exceeds 255 * 32.
QByteArray hkdfExpandSha256(QByteArrayView prk, QByteArrayView info, qsizetype length);

// True when the 32 big-endian bytes are a P-256 scalar in [1, order - 1].
bool isValidP256Scalar(QByteArrayView scalar);
// The uncompressed point scalar·G; empty for an invalid scalar.
QByteArray p256PublicKey(QByteArrayView scalar);
// ECDH on P-256: the x-coordinate of scalar·peer. Empty when the peer's point fails public key
// validation (off the curve, wrong length or encoding) or the scalar is invalid.
std::optional<QByteArray> p256Dh(QByteArrayView scalar, QByteArrayView peerPoint);

// AES-128-GCM with a 12-byte nonce; the 16-byte tag is appended to the ciphertext.
QByteArray aes128GcmSeal(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                         QByteArrayView plaintext);
std::optional<QByteArray> aes128GcmOpen(QByteArrayView key, QByteArrayView nonce,
                                        QByteArrayView aad, QByteArrayView ciphertext);

// Bytes from OpenSSL's CSPRNG. Aborts the process if it fails: no key may come from a
// generator that is not working.
QByteArray randomBytes(qsizetype count);
// Overwrites the buffer's bytes in a way the compiler cannot drop.
void wipe(QByteArray &secret);

} // namespace Tincan::HpkePrimitives
