#pragma once

#include "opensslhelpers.h"

#include <QDateTime>
#include <QString>

namespace Tincan::OpenSsl {

// A fresh EC P-256 key pair; null with *error set on failure.
PkeyPtr generateP256Key(QString *error);

// The self-signed certificate that carries an identity's public key over TLS. Peers pin the key
// (its SPKI fingerprint), not a CA, so the certificate is a container with sane, strict fields:
// X.509 v3, random 20-octet serial, validity now-1y .. now+10y (the year back absorbs clocks that
// are wrong on the LAN), CA:FALSE, digitalSignature+keyAgreement, serverAuth+clientAuth, SHA-256.
X509Ptr makeSelfSignedCertificate(EVP_PKEY *key, const QString &commonName, QString *error,
                                  const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace Tincan::OpenSsl
