#include "selfsigned.h"

#include <openssl/asn1.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <array>

namespace Tincan::OpenSsl {

namespace {

// RFC 5280 caps serials at 20 octets. Clearing the top bit keeps the number positive without a
// padding octet; setting the next one keeps the encoding at exactly 20 octets, so every identity
// has the same shape (158 random bits are far more than uniqueness needs).
bool setRandomSerial(X509 *cert)
{
    std::array<unsigned char, 20> serial{};
    if (RAND_bytes(serial.data(), static_cast<int>(serial.size())) != 1)
        return false;
    serial[0] = static_cast<unsigned char>((serial[0] & 0x7f) | 0x40);
    const BignumPtr number(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
    return number && BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(cert));
}

bool setSubjectAndIssuer(X509 *cert, const QString &commonName)
{
    // ub-common-name is 64 characters; OpenSSL refuses longer ones rather than truncating.
    QString cn = commonName.trimmed().left(64);
    if (cn.isEmpty())
        cn = QStringLiteral("tincan");
    const QByteArray utf8 = cn.toUtf8();
    const X509NamePtr name(X509_NAME_new());
    return name &&
           X509_NAME_add_entry_by_NID(name.get(), NID_commonName, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(utf8.constData()),
                                      static_cast<int>(utf8.size()), -1, 0) &&
           X509_set_subject_name(cert, name.get()) && X509_set_issuer_name(cert, name.get());
}

bool addExtension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    const X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(cert, extension.get(), -1);
}

} // namespace

PkeyPtr generateP256Key(QString *error)
{
    const PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *raw = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) <= 0 ||
        EVP_PKEY_CTX_set_group_name(context.get(), SN_X9_62_prime256v1) <= 0 ||
        EVP_PKEY_generate(context.get(), &raw) <= 0) {
        *error = QStringLiteral("Cannot generate a P-256 key: %1").arg(takeErrors());
        return nullptr;
    }
    return PkeyPtr(raw);
}

X509Ptr makeSelfSignedCertificate(EVP_PKEY *key, const QString &commonName, QString *error,
                                  const QDateTime &now)
{
    X509Ptr cert(X509_new());
    const bool ok =
        cert && X509_set_version(cert.get(), X509_VERSION_3) && setRandomSerial(cert.get()) &&
        ASN1_TIME_set(X509_getm_notBefore(cert.get()),
                      static_cast<time_t>(now.addYears(-1).toSecsSinceEpoch())) &&
        ASN1_TIME_set(X509_getm_notAfter(cert.get()),
                      static_cast<time_t>(now.addYears(10).toSecsSinceEpoch())) &&
        setSubjectAndIssuer(cert.get(), commonName) && X509_set_pubkey(cert.get(), key) &&
        addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") &&
        addExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyAgreement") &&
        addExtension(cert.get(), NID_ext_key_usage, "serverAuth,clientAuth") &&
        addExtension(cert.get(), NID_subject_key_identifier, "hash") &&
        X509_sign(cert.get(), key, EVP_sha256()) > 0;
    if (!ok) {
        *error = QStringLiteral("Cannot create the certificate: %1").arg(takeErrors());
        return nullptr;
    }
    return cert;
}

} // namespace Tincan::OpenSsl
