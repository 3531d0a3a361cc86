#include "identity.h"

#include "fingerprint.h"
#include "keyfile.h"
#include "opensslhelpers.h"
#include "selfsigned.h"
#include "storedkey.h"

#include "profile/profile.h"
#include "util/logging.h"

#include <QDir>
#include <QFileInfo>

namespace Tincan {

namespace {

const QString keyFileName = QStringLiteral("identity.key");
const QString certFileName = QStringLiteral("identity.crt");

using KeyFile::present;
using KeyFile::setError;

} // namespace

std::optional<Identity> Identity::loadOrCreate(const QString &profileDir, QString *error,
                                               const QString &commonName, KeyStorage storage)
{
    // Successful OpenSSL calls can leave entries behind too; QSslSocket must not inherit them.
    const OpenSsl::ErrorQueueGuard clearErrors;
    if (!QFileInfo(profileDir).isDir()) {
        setError(error, QStringLiteral("Profile directory %1 does not exist.").arg(profileDir));
        return std::nullopt;
    }
    const QDir dir(profileDir);
    const QString keyPath = dir.filePath(keyFileName);
    const QString certPath = dir.filePath(certFileName);
    const bool hasKey = present(keyPath);
    const bool hasCert = present(certPath);

    if (!hasKey && !hasCert)
        return create(keyPath, certPath, commonName, storage, error);
    if (!hasCert) {
        setError(error, QStringLiteral("Identity certificate %1 is missing, but the key %2 exists. "
                                       "Refusing to create a new identity: restore the "
                                       "certificate, or remove the key to start over as a new "
                                       "identity.")
                            .arg(certPath, keyPath));
        return std::nullopt;
    }
    if (!hasKey) {
        setError(error, QStringLiteral("Identity key %1 is missing, but the certificate %2 exists. "
                                       "Refusing to create a new identity: restore the key, or "
                                       "remove the certificate to start over as a new identity.")
                            .arg(keyPath, certPath));
        return std::nullopt;
    }
    return load(keyPath, certPath, storage, error);
}

std::optional<Identity> Identity::load(const QString &keyPath, const QString &certPath,
                                       KeyStorage storage, QString *error)
{
    OpenSsl::PkeyPtr key =
        KeyStore::readP256(keyPath, QStringLiteral("identity key"), storage, error);
    if (!key)
        return std::nullopt;
    const std::optional<QByteArray> certPem =
        KeyFile::read(certPath, QStringLiteral("identity certificate"), error);
    if (!certPem)
        return std::nullopt;

    const OpenSsl::X509Ptr cert = OpenSsl::certificateFromPem(*certPem);
    if (!cert) {
        setError(error, QStringLiteral("Identity certificate %1 is corrupt or truncated: %2")
                            .arg(certPath, OpenSsl::takeErrors()));
        return std::nullopt;
    }
    if (EVP_PKEY_eq(X509_get0_pubkey(cert.get()), key.get()) != 1) {
        OpenSsl::takeErrors();
        setError(error, QStringLiteral("Identity key %1 does not match the certificate %2.")
                            .arg(keyPath, certPath));
        return std::nullopt;
    }
    // Same key but edited fields (validity, name) would otherwise go unnoticed until a peer
    // rejects the handshake.
    if (X509_verify(cert.get(), key.get()) != 1) {
        setError(error, QStringLiteral("Identity certificate %1 is corrupt: its self-signature "
                                       "does not verify (%2).")
                            .arg(certPath, OpenSsl::takeErrors()));
        return std::nullopt;
    }

    Identity identity;
    identity.m_certificate = QSslCertificate(OpenSsl::certificateToPem(cert.get()), QSsl::Pem);
    identity.m_privateKey =
        QSslKey(OpenSsl::privateKeyToPem(key.get()), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (identity.m_certificate.isNull() || identity.m_privateKey.isNull()) {
        setError(error, QStringLiteral("Qt cannot use the identity in %1 and %2; is its OpenSSL "
                                       "TLS backend available?")
                            .arg(keyPath, certPath));
        return std::nullopt;
    }
    identity.m_fingerprint = spkiFingerprint(identity.m_certificate);
    identity.m_key = std::shared_ptr<EVP_PKEY>(key.release(), &EVP_PKEY_free);

    if (X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0)
        qCWarning(lcCrypto) << "Identity certificate" << certPath
                            << "has expired; peers may refuse it";
    qCDebug(lcCrypto) << "Loaded identity" << identity.id() << "from" << keyPath;
    return identity;
}

std::optional<Identity> Identity::create(const QString &keyPath, const QString &certPath,
                                         const QString &commonName, KeyStorage storage,
                                         QString *error)
{
    QString message;
    const OpenSsl::PkeyPtr key = OpenSsl::generateP256Key(&message);
    const OpenSsl::X509Ptr cert =
        key ? OpenSsl::makeSelfSignedCertificate(key.get(), commonName, &message) : nullptr;
    const QByteArray keyPem = cert ? OpenSsl::privateKeyToPem(key.get()) : QByteArray();
    const QByteArray certPem = cert ? OpenSsl::certificateToPem(cert.get()) : QByteArray();
    if (keyPem.isEmpty() || certPem.isEmpty()) {
        if (message.isEmpty())
            message =
                QStringLiteral("Cannot encode the new identity: %1").arg(OpenSsl::takeErrors());
        setError(error, message);
        return std::nullopt;
    }

    // Read back from where it went: a keyring that just refused is not asked again.
    KeyStorage keptIn = storage;
    if (!KeyStore::write(keyPath, QStringLiteral("identity key"), keyPem, storage, &message,
                         &keptIn)) {
        setError(error, message);
        return std::nullopt;
    }
    if (!writePrivateFile(certPath, certPem, &message)) {
        // A key without its certificate would block every later start; nobody has seen this
        // identity yet, so taking the key back loses nothing.
        KeyStore::discard(keyPath);
        setError(error, message);
        return std::nullopt;
    }

    // Reading back what was written proves the files on disk are usable, not just the objects.
    std::optional<Identity> identity = load(keyPath, certPath, keptIn, error);
    if (identity)
        qCInfo(lcCrypto) << "Created new identity" << identity->id() << "in" << keyPath;
    return identity;
}

QByteArray Identity::sign(const QByteArray &data) const
{
    const OpenSsl::ErrorQueueGuard clearErrors;
    const QByteArray signature = OpenSsl::signSha256(m_key.get(), data);
    if (signature.isEmpty())
        qCWarning(lcCrypto) << "Signing failed:" << OpenSsl::takeErrors();
    return signature;
}

} // namespace Tincan
