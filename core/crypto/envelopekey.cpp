#include "envelopekey.h"

#include "hpkeprimitives.h"
#include "keyfile.h"
#include "storedkey.h"

#include "util/logging.h"

#include <QDir>

#include <openssl/core_names.h>

namespace Tincan::EnvelopeKey {

namespace {

const QString keyWhat = QStringLiteral("envelope key");

// HPKE's serialized private key: the scalar, 32 bytes big-endian (RFC 9180 §7.1.2).
QByteArray scalarOf(EVP_PKEY *key)
{
    BIGNUM *value = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &value) != 1)
        return {};
    const OpenSsl::BignumPtr owned(value);
    QByteArray scalar(Hpke::PrivateKeySize, Qt::Uninitialized);
    const bool ok = BN_bn2binpad(value, OpenSsl::bytes(scalar), static_cast<int>(scalar.size())) ==
                    scalar.size();
    BN_clear(value);
    return ok ? scalar : QByteArray();
}

} // namespace

std::optional<Hpke::KeyPair> loadOrCreate(const QString &profileDir, QString *error,
                                          KeyStorage storage)
{
    const OpenSsl::ErrorQueueGuard clearErrors;
    const QString path = QDir(profileDir).filePath(fileName());
    const bool existed = KeyFile::present(path);
    const OpenSsl::PkeyPtr key = existed ? KeyStore::readP256(path, keyWhat, storage, error)
                                         : KeyStore::createP256(path, keyWhat, storage, error);
    if (!key)
        return std::nullopt;
    Hpke::KeyPair pair{scalarOf(key.get()), {}};
    pair.publicKey = HpkePrimitives::p256PublicKey(pair.privateKey);
    if (pair.publicKey.isEmpty()) {
        KeyFile::setError(error, QStringLiteral("The %1 %2 cannot be used: %3")
                                     .arg(keyWhat, path, OpenSsl::takeErrors()));
        return std::nullopt;
    }
    if (!existed)
        qCInfo(lcCrypto).noquote() << "Created the envelope key in" << path;
    return pair;
}

} // namespace Tincan::EnvelopeKey
