#pragma once

#include <QList>
#include <QSslConfiguration>
#include <QSslError>

namespace Tincan {

class Identity;

// TLS 1.3 only, our certificate on both sides, and a demand for the peer's.
QSslConfiguration makeTlsConfiguration(const Identity &identity);

// Peers use self-signed certificates, so chain validation cannot succeed; the handshake still
// proves that the peer holds the key of the certificate it sent, and the application then pins
// that key. Returns the errors to ignore, or an empty list when any error is not one a valid
// self-signed peer certificate causes (no certificate, expired, bad signature, ...).
QList<QSslError> ignorableSelfSignedErrors(const QList<QSslError> &errors);

} // namespace Tincan
