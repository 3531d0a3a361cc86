#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include "keystore.h"

#include <memory>
#include <optional>

struct evp_pkey_st; // OpenSSL's EVP_PKEY; its headers stay out of the rest of the code.

namespace Tincan {

// The long-term identity of a profile: an EC P-256 key and the self-signed certificate that
// presents it over TLS. Peers know a node by id(), the SHA-256 of the public key (SPKI), so the
// certificate can be re-issued and the display name changed without the node becoming someone else.
class Identity
{
public:
    // Loads DIR/identity.key and DIR/identity.crt, or creates both (mode 0600, written atomically)
    // when neither exists; commonName goes into the new certificate ("tincan" if empty). Anything
    // else (one file missing, unreadable, corrupt, key and certificate not matching) returns
    // nullopt with *error naming the file: a new identity is never made silently, because that
    // would make every peer see a stranger. storage says where the key is kept (KeyStore).
    static std::optional<Identity> loadOrCreate(const QString &profileDir, QString *error,
                                                const QString &commonName = QString(),
                                                KeyStorage storage = KeyStorage::File);

    QSslKey privateKey() const { return m_privateKey; }
    QSslCertificate certificate() const { return m_certificate; }
    // Raw 32 bytes: SHA-256 of the certificate's SubjectPublicKeyInfo DER.
    QByteArray fingerprint() const { return m_fingerprint; }
    // The node id: fingerprint() as 64 lowercase hex characters.
    QString id() const { return QString::fromLatin1(m_fingerprint.toHex()); }

    // ECDSA over SHA-256, DER-encoded; check it with verifySignature(). Empty only if OpenSSL
    // fails.
    QByteArray sign(const QByteArray &data) const;

private:
    Identity() = default;
    static std::optional<Identity> load(const QString &keyPath, const QString &certPath,
                                        KeyStorage storage, QString *error);
    static std::optional<Identity> create(const QString &keyPath, const QString &certPath,
                                          const QString &commonName, KeyStorage storage,
                                          QString *error);

    std::shared_ptr<evp_pkey_st> m_key; // shared: copies of an Identity sign with the same key
    QSslKey m_privateKey;
    QSslCertificate m_certificate;
    QByteArray m_fingerprint;
};

} // namespace Tincan
