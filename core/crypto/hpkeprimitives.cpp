#include "hpkeprimitives.h"

#include "opensslhelpers.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <climits>
#include <cstdlib>

namespace Tincan::HpkePrimitives {

namespace {

using OpenSsl::bytes;
using OpenSsl::Deleter;
using EcGroupPtr = std::unique_ptr<EC_GROUP, Deleter<&EC_GROUP_free>>;
using EcPointPtr = std::unique_ptr<EC_POINT, Deleter<&EC_POINT_free>>;
using SecretBignumPtr = std::unique_ptr<BIGNUM, Deleter<&BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Deleter<&BN_CTX_free>>;
using KdfPtr = std::unique_ptr<EVP_KDF, Deleter<&EVP_KDF_free>>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, Deleter<&EVP_KDF_CTX_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<&EVP_CIPHER_CTX_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<&OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<&OSSL_PARAM_free>>;

constexpr qsizetype ScalarSize = 32;
constexpr qsizetype PointSize = 65;
constexpr qsizetype GcmNonceSize = 12;
constexpr qsizetype GcmTagSize = 16;
constexpr qsizetype GcmKeySize = 16;

EcGroupPtr p256()
{
    return EcGroupPtr(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
}

// The scalar as a BIGNUM, or null when it is 0 or not below the group order.
SecretBignumPtr scalarOf(const EC_GROUP *group, QByteArrayView scalar)
{
    if (!group || scalar.size() != ScalarSize)
        return nullptr;
    SecretBignumPtr value(BN_bin2bn(bytes(scalar), ScalarSize, BN_secure_new()));
    if (!value || BN_is_zero(value.get()) || BN_cmp(value.get(), EC_GROUP_get0_order(group)) >= 0)
        return nullptr;
    return value;
}

// An EVP_PKEY on P-256 from its parts; pub is the uncompressed point, priv may be null.
OpenSsl::PkeyPtr p256Key(QByteArrayView point, const BIGNUM *priv)
{
    const ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                         SN_X9_62_prime256v1, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                          static_cast<size_t>(point.size())) ||
        (priv && !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv)))
        return nullptr;
    const ParamsPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    const OpenSsl::PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &key, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                          params.get()) != 1)
        return nullptr;
    return OpenSsl::PkeyPtr(key);
}

QByteArray pointOf(const EC_GROUP *group, const BIGNUM *scalar)
{
    const BnCtxPtr bnContext(BN_CTX_new());
    const EcPointPtr point(EC_POINT_new(group));
    QByteArray out(PointSize, Qt::Uninitialized);
    if (!bnContext || !point ||
        EC_POINT_mul(group, point.get(), scalar, nullptr, nullptr, bnContext.get()) != 1 ||
        EC_POINT_point2oct(group, point.get(), POINT_CONVERSION_UNCOMPRESSED, bytes(out),
                           static_cast<size_t>(out.size()), bnContext.get()) != PointSize)
        return {};
    return out;
}

bool sizesFitGcm(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad, QByteArrayView text)
{
    return key.size() == GcmKeySize && nonce.size() == GcmNonceSize && aad.size() < INT_MAX &&
           text.size() < INT_MAX - GcmTagSize;
}

} // namespace

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data)
{
    const OpenSsl::ErrorQueueGuard clearErrors;
    QByteArray out(32, Qt::Uninitialized);
    size_t length = 0;
    // An empty salt is HKDF's "HashLen zeros": HMAC pads both to the block size the same way.
    static const unsigned char noKey = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.isEmpty() ? &noKey : bytes(key),
                   static_cast<size_t>(key.size()), bytes(data), static_cast<size_t>(data.size()),
                   bytes(out), static_cast<size_t>(out.size()), &length) ||
        length != 32)
        return {};
    return out;
}

QByteArray hkdfExpandSha256(QByteArrayView prk, QByteArrayView info, qsizetype length)
{
    const OpenSsl::ErrorQueueGuard clearErrors;
    if (length <= 0 || length > 255 * 32)
        return {};
    const KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    const KdfCtxPtr context(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
    if (!context)
        return {};
    int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char *>(prk.data()),
                                          static_cast<size_t>(prk.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char *>(info.data()),
                                          static_cast<size_t>(info.size())),
        OSSL_PARAM_construct_end()};
    QByteArray out(length, Qt::Uninitialized);
    if (EVP_KDF_derive(context.get(), bytes(out), static_cast<size_t>(length), params) != 1)
        return {};
    return out;
}

bool isValidP256Scalar(QByteArrayView scalar)
{
    const EcGroupPtr group = p256();
    return scalarOf(group.get(), scalar) != nullptr;
}

QByteArray p256PublicKey(QByteArrayView scalar)
{
    const OpenSsl::ErrorQueueGuard clearErrors;
    const EcGroupPtr group = p256();
    const SecretBignumPtr value = scalarOf(group.get(), scalar);
    return value ? pointOf(group.get(), value.get()) : QByteArray();
}

std::optional<QByteArray> p256Dh(QByteArrayView scalar, QByteArrayView peerPoint)
{
    // Partial public key validation (§7.1.4): the uncompressed encoding only, so the point at
    // infinity (a single zero byte) and compressed forms never reach OpenSSL.
    const OpenSsl::ErrorQueueGuard clearErrors;
    if (peerPoint.size() != PointSize || peerPoint.front() != '\x04')
        return std::nullopt;
    const EcGroupPtr group = p256();
    const SecretBignumPtr value = scalarOf(group.get(), scalar);
    if (!value)
        return std::nullopt;
    const QByteArray ownPoint = pointOf(group.get(), value.get());
    // fromdata decodes the point with EC_POINT_oct2point, which refuses points off the curve.
    const OpenSsl::PkeyPtr own = p256Key(ownPoint, value.get());
    const OpenSsl::PkeyPtr peer = p256Key(peerPoint, nullptr);
    if (!own || !peer)
        return std::nullopt;
    const OpenSsl::PkeyCtxPtr context(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
    size_t length = 0;
    // derive_set_peer validates the peer's key (on the curve, in range, right order) as well.
    if (!context || EVP_PKEY_derive_init(context.get()) != 1 ||
        EVP_PKEY_derive_set_peer(context.get(), peer.get()) != 1 ||
        EVP_PKEY_derive(context.get(), nullptr, &length) != 1 || length != ScalarSize)
        return std::nullopt;
    QByteArray secret(ScalarSize, Qt::Uninitialized);
    if (EVP_PKEY_derive(context.get(), bytes(secret), &length) != 1 || length != ScalarSize)
        return std::nullopt;
    return secret;
}

QByteArray aes128GcmSeal(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                         QByteArrayView plaintext)
{
    const OpenSsl::ErrorQueueGuard clearErrors;
    if (!sizesFitGcm(key, nonce, aad, plaintext))
        return {};
    const CipherCtxPtr context(EVP_CIPHER_CTX_new());
    QByteArray out(plaintext.size() + GcmTagSize, Qt::Uninitialized);
    int length = 0;
    int finalLength = 0;
    if (!context ||
        EVP_EncryptInit_ex2(context.get(), EVP_aes_128_gcm(), bytes(key), bytes(nonce), nullptr) !=
            1 ||
        EVP_EncryptUpdate(context.get(), nullptr, &length, bytes(aad),
                          static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(context.get(), bytes(out), &length, bytes(plaintext),
                          static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(context.get(), bytes(out) + length, &finalLength) != 1 ||
        length + finalLength != plaintext.size() ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_AEAD_GET_TAG, GcmTagSize,
                            bytes(out) + plaintext.size()) != 1)
        return {};
    return out;
}

std::optional<QByteArray> aes128GcmOpen(QByteArrayView key, QByteArrayView nonce,
                                        QByteArrayView aad, QByteArrayView ciphertext)
{
    const OpenSsl::ErrorQueueGuard clearErrors;
    if (ciphertext.size() < GcmTagSize || !sizesFitGcm(key, nonce, aad, ciphertext))
        return std::nullopt;
    const qsizetype textSize = ciphertext.size() - GcmTagSize;
    QByteArray tag = ciphertext.sliced(textSize).toByteArray();
    const CipherCtxPtr context(EVP_CIPHER_CTX_new());
    QByteArray out(textSize, Qt::Uninitialized);
    int length = 0;
    int finalLength = 0;
    if (!context ||
        EVP_DecryptInit_ex2(context.get(), EVP_aes_128_gcm(), bytes(key), bytes(nonce), nullptr) !=
            1 ||
        EVP_DecryptUpdate(context.get(), nullptr, &length, bytes(aad),
                          static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(context.get(), bytes(out), &length, bytes(ciphertext),
                          static_cast<int>(textSize)) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_AEAD_SET_TAG, GcmTagSize, bytes(tag)) != 1 ||
        EVP_DecryptFinal_ex(context.get(), bytes(out) + length, &finalLength) != 1 ||
        length + finalLength != textSize) {
        wipe(out); // never hand out, nor leave behind, unauthenticated plaintext
        return std::nullopt;
    }
    return out;
}

QByteArray randomBytes(qsizetype count)
{
    QByteArray out(count, Qt::Uninitialized);
    if (count > INT_MAX || RAND_priv_bytes(bytes(out), static_cast<int>(count)) != 1)
        std::abort();
    return out;
}

void wipe(QByteArray &secret)
{
    if (!secret.isEmpty())
        OPENSSL_cleanse(secret.data(), static_cast<size_t>(secret.size()));
    secret.clear();
}

} // namespace Tincan::HpkePrimitives
