#include "opensslhelpers.h"

#include <QStringList>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <array>
#include <climits>

namespace Tincan::OpenSsl {

namespace {

int refusePassphrase(char *, int, int, void *)
{
    return -1;
}

BioPtr readBio(QByteArrayView data)
{
    if (data.size() > INT_MAX)
        return nullptr;
    return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

QByteArray drain(BIO *bio)
{
    QByteArray out(static_cast<qsizetype>(BIO_ctrl_pending(bio)), Qt::Uninitialized);
    if (out.isEmpty() || BIO_read(bio, out.data(), static_cast<int>(out.size())) != out.size())
        return {};
    return out;
}

} // namespace

QString takeErrors()
{
    QStringList messages;
    while (const unsigned long code = ERR_get_error()) {
        std::array<char, 256> buffer{};
        ERR_error_string_n(code, buffer.data(), buffer.size());
        messages.append(QString::fromLatin1(buffer.data()));
    }
    return messages.isEmpty() ? QStringLiteral("unknown OpenSSL error")
                              : messages.join(QStringLiteral("; "));
}

ErrorQueueGuard::~ErrorQueueGuard()
{
    ERR_clear_error();
}

bool isP256(const EVP_PKEY *key)
{
    if (!key || !EVP_PKEY_is_a(key, "EC"))
        return false;
    std::array<char, 64> name{};
    size_t length = 0;
    if (!EVP_PKEY_get_group_name(key, name.data(), name.size(), &length))
        return false;
    // Providers may report either the NIST name or the SECG/X9.62 short name.
    int nid = EC_curve_nist2nid(name.data());
    if (nid == NID_undef)
        nid = OBJ_sn2nid(name.data());
    return nid == NID_X9_62_prime256v1;
}

PkeyPtr privateKeyFromPem(QByteArrayView pem)
{
    const BioPtr bio = readBio(pem);
    if (!bio)
        return nullptr;
    return PkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, &refusePassphrase, nullptr));
}

X509Ptr certificateFromPem(QByteArrayView pem)
{
    const BioPtr bio = readBio(pem);
    if (!bio)
        return nullptr;
    return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, &refusePassphrase, nullptr));
}

QByteArray privateKeyToPem(EVP_PKEY *key)
{
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || !PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr))
        return {};
    return drain(bio.get());
}

QByteArray certificateToPem(X509 *cert)
{
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || !PEM_write_bio_X509(bio.get(), cert))
        return {};
    return drain(bio.get());
}

X509Ptr certificateFromDer(QByteArrayView der)
{
    const unsigned char *p = bytes(der);
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert || p != bytes(der) + der.size())
        return nullptr;
    return cert;
}

PkeyPtr publicKeyFromSpkiDer(QByteArrayView der)
{
    const unsigned char *p = bytes(der);
    PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    if (!key || p != bytes(der) + der.size())
        return nullptr;
    return key;
}

QByteArray spkiDerOf(const EVP_PKEY *key)
{
    const int length = key ? i2d_PUBKEY(key, nullptr) : 0;
    if (length <= 0)
        return {};
    QByteArray der(length, Qt::Uninitialized);
    unsigned char *p = bytes(der);
    if (i2d_PUBKEY(key, &p) != length)
        return {};
    return der;
}

QByteArray signSha256(EVP_PKEY *key, QByteArrayView data)
{
    const MdCtxPtr context(EVP_MD_CTX_new());
    size_t length = 0;
    if (!context ||
        EVP_DigestSignInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, key, nullptr) !=
            1 ||
        EVP_DigestSign(context.get(), nullptr, &length, bytes(data),
                       static_cast<size_t>(data.size())) != 1)
        return {};
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    // The first call reports the maximum; ECDSA signatures are often a byte or two shorter.
    if (EVP_DigestSign(context.get(), bytes(signature), &length, bytes(data),
                       static_cast<size_t>(data.size())) != 1)
        return {};
    signature.truncate(static_cast<qsizetype>(length));
    return signature;
}

bool verifySha256(EVP_PKEY *key, QByteArrayView data, QByteArrayView signature)
{
    const MdCtxPtr context(EVP_MD_CTX_new());
    return context && !signature.isEmpty() &&
           EVP_DigestVerifyInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, key,
                                   nullptr) == 1 &&
           EVP_DigestVerify(context.get(), bytes(signature), static_cast<size_t>(signature.size()),
                            bytes(data), static_cast<size_t>(data.size())) == 1;
}

} // namespace Tincan::OpenSsl
