#include "tlsconfig.h"

#include "crypto/identity.h"

namespace Tincan {

QSslConfiguration makeTlsConfiguration(const Identity &identity)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_3OrLater);
    config.setLocalCertificate(identity.certificate());
    config.setPrivateKey(identity.privateKey());
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    // No system CAs: they can never vouch for a peer, and loading them costs startup time.
    config.setCaCertificates({});
    return config;
}

QList<QSslError> ignorableSelfSignedErrors(const QList<QSslError> &errors)
{
    for (const QSslError &error : errors) {
        switch (error.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::HostNameMismatch:
        case QSslError::CertificateUntrusted:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
            break;
        default:
            return {};
        }
    }
    return errors;
}

} // namespace Tincan
