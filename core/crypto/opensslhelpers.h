#pragma once

// Small RAII layer over OpenSSL 3 libcrypto, shared by the crypto sources only: nothing outside
// core/crypto should need OpenSSL types.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

namespace Tincan::OpenSsl {

template<auto FreeFunction>
struct Deleter
{
    template<typename T>
    void operator()(T *p) const
    {
        FreeFunction(p);
    }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<&EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<&EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<&EVP_MD_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<&X509_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<&X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<&X509_EXTENSION_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<&BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<&BN_free>>;

// Qt's bytes as OpenSSL takes them.
inline const unsigned char *bytes(QByteArrayView data)
{
    return reinterpret_cast<const unsigned char *>(data.data());
}
inline unsigned char *bytes(QByteArray &data)
{
    return reinterpret_cast<unsigned char *>(data.data());
}

// Drains OpenSSL's thread-local error queue into one line. Every failure path must drain it:
// QSslSocket inspects the same queue and would otherwise misreport our stale errors as its own.
QString takeErrors();

// Empties the error queue when it goes out of scope, for functions that only report true/false.
class ErrorQueueGuard
{
public:
    ErrorQueueGuard() = default;
    ~ErrorQueueGuard();
    ErrorQueueGuard(const ErrorQueueGuard &) = delete;
    ErrorQueueGuard &operator=(const ErrorQueueGuard &) = delete;
};

// True for an EC key on the NIST P-256 curve, the only identity key type Tincan uses.
bool isP256(const EVP_PKEY *key);

// PEM in and out. Readers never prompt: an encrypted key is reported as an error instead of
// blocking on the terminal, which OpenSSL's default passphrase callback would do.
PkeyPtr privateKeyFromPem(QByteArrayView pem);
X509Ptr certificateFromPem(QByteArrayView pem);
QByteArray privateKeyToPem(EVP_PKEY *key); // unencrypted PKCS#8
QByteArray certificateToPem(X509 *cert);

// DER in and out. The readers reject trailing bytes, so one value has exactly one encoding.
X509Ptr certificateFromDer(QByteArrayView der);
PkeyPtr publicKeyFromSpkiDer(QByteArrayView der);
QByteArray spkiDerOf(const EVP_PKEY *key);

// ECDSA (or whatever the key is) over SHA-256; the signature is DER, as OpenSSL produces it.
QByteArray signSha256(EVP_PKEY *key, QByteArrayView data);
bool verifySha256(EVP_PKEY *key, QByteArrayView data, QByteArrayView signature);

} // namespace Tincan::OpenSsl
