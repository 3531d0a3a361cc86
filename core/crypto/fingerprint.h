#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QString>

namespace Tincan {

// A Tincan identity is its public key, not its certificate: certificates can be re-issued, and
// the display name is not part of them. Everything here therefore hashes the certificate's
// SubjectPublicKeyInfo (SPKI) DER.

// SubjectPublicKeyInfo DER of cert; empty if cert is null or cannot be parsed.
QByteArray spkiDer(const QSslCertificate &cert);

// SHA-256 of spkiDer(cert), 32 bytes; empty if cert is invalid.
QByteArray spkiFingerprint(const QSslCertificate &cert);

// The node id: spkiFingerprint(cert) as 64 lowercase hex characters; empty if cert is invalid.
QString fingerprintId(const QSslCertificate &cert);
// The id of any public key, a device's or an account's: SHA-256 of its SPKI DER, 64 lowercase
// hex characters.
QString idOfSpki(const QByteArray &spkiDer);
// The SPKI DER of a DER certificate whose key is the one of `id`; empty when the certificate
// does not parse or belongs to another key. Whoever is handed a certificate for an id (a
// contact's answer, a signal, a DHT record) checks it here before trusting a byte it signed.
QByteArray spkiOfCertificateFor(const QByteArray &certificateDer, const QString &id);
// The one form of such an id: exactly 64 lowercase hex characters.
bool isNodeId(const QString &id);

// Display form of an id: 16 groups of 4 lowercase hex characters separated by single spaces,
// e.g. "ab12 cd34 ...". Empty if id is not 64 hex characters.
QString groupedFingerprint(const QString &id);

// The number two people compare (aloud, or side by side) to rule out a man in the middle: 60
// decimal digits in 12 groups of 5, separated by single spaces. Symmetric: both sides get the same
// number whatever the argument order. Empty if either argument is empty.
//
// Derivation, version 1 (docs/security-safety-number.md; changing it needs a new version):
//   lo, hi = the two SPKI DERs sorted by unsigned lexicographic byte order
//   input  = "tincan-safety-number-v1" 0x00 || be32(len lo) || lo || be32(len hi) || hi
//   h      = SHA-512(input), then 5199 times h = SHA-512(h || input)   (5200 in total)
//   group k (0..11) = big-endian uint40 of h[5k .. 5k+5) mod 100000, zero-padded to 5 digits
// The length prefixes keep (lo, hi) unambiguous; the iterations make grinding for a second key
// pair with a colliding number 5200 times more expensive.
QString safetyNumber(const QByteArray &spkiDerA, const QByteArray &spkiDerB);

} // namespace Tincan
