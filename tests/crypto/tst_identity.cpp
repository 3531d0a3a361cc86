#include "crypto/fingerprint.h"
#include "crypto/identity.h"
#include "testhelpers.h"

#include <QCryptographicHash>
#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <openssl/bn.h>
#include <openssl/obj_mac.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

using namespace Tincan;
using namespace TestHelpers;

namespace {

const QString keyName = QStringLiteral("identity.key");
const QString certName = QStringLiteral("identity.crt");

struct X509Free
{
    void operator()(X509 *x) const { X509_free(x); }
};
struct BnFree
{
    void operator()(BIGNUM *bn) const { BN_free(bn); }
};

std::unique_ptr<X509, X509Free> parse(const QSslCertificate &cert)
{
    const QByteArray der = cert.toDer();
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    return std::unique_ptr<X509, X509Free>(d2i_X509(nullptr, &p, der.size()));
}

// "Mar  6 10:11:12 2025 GMT" as printed by openssl x509 -text.
QDateTime opensslTime(const QByteArray &text, const QString &label)
{
    const QRegularExpression line(label + QStringLiteral(":\\s*(\\w+\\s+\\d+ [\\d:]+ \\d+) GMT"));
    const QRegularExpressionMatch match = line.match(QString::fromUtf8(text));
    if (!match.hasMatch())
        return {};
    const QDateTime parsed = QLocale::c().toDateTime(match.captured(1).simplified(),
                                                     QStringLiteral("MMM d HH:mm:ss yyyy"));
    return QDateTime(parsed.date(), parsed.time(), QTimeZone(0));
}

} // namespace

class TestIdentity : public QObject
{
    Q_OBJECT

private:
    QString m_openssl;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend");
        m_openssl = opensslProgram();
    }

    void createThenReloadKeepsTheIdentity()
    {
        QTemporaryDir tmp;
        QString error;
        const auto created = Identity::loadOrCreate(tmp.path(), &error);
        QVERIFY2(created, qPrintable(error));
        QCOMPARE(created->fingerprint().size(), 32);
        QVERIFY(
            QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(created->id()).hasMatch());
        QCOMPARE(created->id(), QString::fromLatin1(created->fingerprint().toHex()));
        QCOMPARE(snapshot(tmp.path()).keys(), (QStringList{certName, keyName}));

        const auto reloaded = Identity::loadOrCreate(tmp.path(), &error);
        QVERIFY2(reloaded, qPrintable(error));
        QCOMPARE(reloaded->id(), created->id());
        QCOMPARE(reloaded->certificate(), created->certificate());
        QCOMPARE(reloaded->privateKey().toDer(), created->privateKey().toDer());

        QTemporaryDir other;
        const auto stranger = Identity::loadOrCreate(other.path(), &error);
        QVERIFY2(stranger, qPrintable(error));
        QVERIFY(stranger->id() != created->id());
        QVERIFY(stranger->certificate().serialNumber() != created->certificate().serialNumber());
    }

    void filesAreOwnerOnly()
    {
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
        for (const QString &name : {keyName, certName}) {
            // Owner read+write only; 0x7077 masks the owner, group and other bits.
            QCOMPARE(QFile::permissions(tmp.filePath(name)) & 0x7077,
                     QFile::ReadOwner | QFile::WriteOwner);
        }
    }

    void commonNameIsNotPartOfTheIdentity()
    {
        QTemporaryDir tmp;
        QString error;
        const auto first = Identity::loadOrCreate(tmp.path(), &error, QStringLiteral("Ada"));
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->certificate().subjectInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("Ada")});
        const auto again = Identity::loadOrCreate(tmp.path(), &error, QStringLiteral("Grace"));
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->id(), first->id());
        QCOMPARE(again->certificate(), first->certificate());

        QTemporaryDir unnamed;
        const auto fallback = Identity::loadOrCreate(unnamed.path(), &error);
        QVERIFY2(fallback, qPrintable(error));
        QCOMPARE(fallback->certificate().subjectInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("tincan")});
    }

    void certificateFieldsThroughQtAndOpenSsl()
    {
        QTemporaryDir tmp;
        QString error;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto identity = Identity::loadOrCreate(tmp.path(), &error);
        QVERIFY2(identity, qPrintable(error));
        const QSslCertificate cert = identity->certificate();

        QCOMPARE(cert.version(), QByteArray("3"));
        // Not cert.isSelfSigned(): Qt asks X509_check_issued, which also wants keyCertSign, a bit
        // an end-entity (CA:FALSE) certificate must not have. X509_self_signed below checks the
        // signature itself.
        QCOMPARE(cert.issuerInfo(QSslCertificate::CommonName),
                 cert.subjectInfo(QSslCertificate::CommonName));
        QCOMPARE(cert.publicKey().algorithm(), QSsl::Ec);
        QCOMPARE(cert.publicKey().length(), 256);
        QVERIFY(qAbs(cert.effectiveDate().secsTo(now.addYears(-1))) < 300);
        QVERIFY(qAbs(cert.expiryDate().secsTo(now.addYears(10))) < 300);

        const auto x509 = parse(cert);
        QVERIFY(x509);
        QCOMPARE(X509_get_version(x509.get()), long(X509_VERSION_3));
        QCOMPARE(X509_self_signed(x509.get(), 1), 1);
        QCOMPARE(X509_get_signature_nid(x509.get()), NID_ecdsa_with_SHA256);
        QCOMPARE(X509_check_ca(x509.get()), 0);
        QCOMPARE(X509_get_key_usage(x509.get()), uint32_t(KU_DIGITAL_SIGNATURE | KU_KEY_AGREEMENT));
        QCOMPARE(X509_get_extended_key_usage(x509.get()),
                 uint32_t(XKU_SSL_SERVER | XKU_SSL_CLIENT));
        char curve[64] = {};
        QVERIFY(
            EVP_PKEY_get_group_name(X509_get0_pubkey(x509.get()), curve, sizeof curve, nullptr));
        QCOMPARE(QByteArray(curve), QByteArray(SN_X9_62_prime256v1));

        // 160-bit field: 20 octets, positive, so the top bit of the first octet is clear.
        const ASN1_INTEGER *serial = X509_get0_serialNumber(x509.get());
        QCOMPARE(ASN1_STRING_length(serial), 20);
        const std::unique_ptr<BIGNUM, BnFree> number(ASN1_INTEGER_to_BN(serial, nullptr));
        QVERIFY(number);
        QVERIFY(!BN_is_negative(number.get()));
        QCOMPARE(BN_num_bits(number.get()), 159);
    }

    void certificateFieldsThroughOpensslCommand()
    {
        if (m_openssl.isEmpty())
            QSKIP("the openssl command is not installed");
        QTemporaryDir tmp;
        QString error;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
        const auto text =
            runOpenssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-text"),
                        // OpenSSL 3.5 (Debian 13) prints "CN=tincan" unless asked for oneline
                        QStringLiteral("-nameopt"), QStringLiteral("oneline"),
                        QStringLiteral("-in"), tmp.filePath(certName)});
        QVERIFY(text);
        for (const char *expected :
             {"Version: 3 (0x2)", "Signature Algorithm: ecdsa-with-SHA256", "Issuer: CN = tincan",
              "Subject: CN = tincan", "NIST CURVE: P-256", "X509v3 Basic Constraints: critical",
              "CA:FALSE", "X509v3 Key Usage: critical", "Digital Signature, Key Agreement",
              "TLS Web Server Authentication, TLS Web Client Authentication"})
            QVERIFY2(text->contains(expected), expected);

        const QDateTime notBefore = opensslTime(*text, QStringLiteral("Not Before"));
        const QDateTime notAfter = opensslTime(*text, QStringLiteral("Not After "));
        QVERIFY2(notBefore.isValid() && notAfter.isValid(), text->constData());
        QVERIFY2(qAbs(notBefore.secsTo(now.addYears(-1))) < 300,
                 qPrintable(notBefore.toString(Qt::ISODate)));
        QVERIFY2(qAbs(notAfter.secsTo(now.addYears(10))) < 300,
                 qPrintable(notAfter.toString(Qt::ISODate)));

        const auto keyText =
            runOpenssl({QStringLiteral("pkey"), QStringLiteral("-noout"), QStringLiteral("-text"),
                        QStringLiteral("-in"), tmp.filePath(keyName)});
        QVERIFY(keyText);
        QVERIFY2(keyText->contains("NIST CURVE: P-256"), keyText->constData());
    }

    void idIsSha256OfSpkiComputedIndependently()
    {
        QTemporaryDir tmp;
        QString error;
        const auto identity = Identity::loadOrCreate(tmp.path(), &error);
        QVERIFY2(identity, qPrintable(error));
        const QSslCertificate cert = identity->certificate();

        // Qt's own encoding of the public key is the SubjectPublicKeyInfo.
        const QByteArray qtSpki = cert.publicKey().toDer();
        QCOMPARE(spkiDer(cert), qtSpki);
        QCOMPARE(identity->fingerprint(),
                 QCryptographicHash::hash(qtSpki, QCryptographicHash::Sha256));
        QCOMPARE(spkiFingerprint(cert), identity->fingerprint());
        QCOMPARE(fingerprintId(cert), identity->id());

        if (m_openssl.isEmpty())
            QSKIP("the openssl command is not installed");
        const auto pem =
            runOpenssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-pubkey"),
                        QStringLiteral("-in"), tmp.filePath(certName)});
        QVERIFY(pem);
        const auto der = runOpenssl({QStringLiteral("pkey"), QStringLiteral("-pubin"),
                                     QStringLiteral("-outform"), QStringLiteral("DER")},
                                    *pem);
        QVERIFY(der);
        const auto digest = runOpenssl(
            {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-r")}, *der);
        QVERIFY(digest);
        QCOMPARE(QString::fromLatin1(digest->left(64)), identity->id());
    }
};

QTEST_GUILESS_MAIN(TestIdentity)
#include "tst_identity.moc"
