#include "fingerprint.h"

#include "opensslhelpers.h"

#include <QCryptographicHash>
#include <QtEndian>

#include <algorithm>
#include <array>

namespace Tincan {

namespace {

constexpr int idLength = 64;
constexpr int safetyIterations = 5200;
constexpr int safetyGroups = 12;
constexpr int safetyGroupBytes = 5;

bool isHexId(const QString &id)
{
    return id.size() == idLength && std::all_of(id.cbegin(), id.cend(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') ||
                      (c >= u'A' && c <= u'F');
           });
}

bool unsignedLess(const QByteArray &a, const QByteArray &b)
{
    return std::lexicographical_compare(
        a.cbegin(), a.cend(), b.cbegin(), b.cend(),
        [](char x, char y) { return static_cast<uchar>(x) < static_cast<uchar>(y); });
}

QByteArray lengthPrefixed(const QByteArray &data)
{
    std::array<char, 4> length{};
    qToBigEndian(static_cast<quint32>(data.size()), length.data());
    return QByteArray(length.data(), length.size()) + data;
}

} // namespace

QByteArray spkiDer(const QSslCertificate &cert)
{
    if (cert.isNull())
        return {};
    const OpenSsl::ErrorQueueGuard clearErrors;
    const OpenSsl::X509Ptr x509 = OpenSsl::certificateFromDer(cert.toDer());
    return x509 ? OpenSsl::spkiDerOf(X509_get0_pubkey(x509.get())) : QByteArray();
}

QByteArray spkiFingerprint(const QSslCertificate &cert)
{
    const QByteArray der = spkiDer(cert);
    return der.isEmpty() ? QByteArray() : QCryptographicHash::hash(der, QCryptographicHash::Sha256);
}

QString fingerprintId(const QSslCertificate &cert)
{
    return QString::fromLatin1(spkiFingerprint(cert).toHex());
}

QString idOfSpki(const QByteArray &spkiDer)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(spkiDer, QCryptographicHash::Sha256).toHex());
}

QByteArray spkiOfCertificateFor(const QByteArray &certificateDer, const QString &id)
{
    const QByteArray spki = spkiDer(QSslCertificate(certificateDer, QSsl::Der));
    return !spki.isEmpty() && idOfSpki(spki) == id ? spki : QByteArray();
}

bool isNodeId(const QString &id)
{
    return id.size() == idLength && std::all_of(id.cbegin(), id.cend(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
           });
}

QString groupedFingerprint(const QString &id)
{
    if (!isHexId(id))
        return {};
    const QString lower = id.toLower();
    QStringList groups;
    for (int i = 0; i < idLength; i += 4)
        groups.append(lower.mid(i, 4));
    return groups.join(u' ');
}

QString safetyNumber(const QByteArray &spkiDerA, const QByteArray &spkiDerB)
{
    if (spkiDerA.isEmpty() || spkiDerB.isEmpty())
        return {};
    const bool aFirst = !unsignedLess(spkiDerB, spkiDerA);
    const QByteArray &lo = aFirst ? spkiDerA : spkiDerB;
    const QByteArray &hi = aFirst ? spkiDerB : spkiDerA;
    const QByteArray input = QByteArrayLiteral("tincan-safety-number-v1") + '\0' +
                             lengthPrefixed(lo) + lengthPrefixed(hi);

    QCryptographicHash sha512(QCryptographicHash::Sha512);
    sha512.addData(input);
    QByteArray hash = sha512.result();
    for (int i = 1; i < safetyIterations; ++i) {
        sha512.reset();
        sha512.addData(hash);
        sha512.addData(input);
        hash = sha512.result();
    }

    QStringList groups;
    for (int k = 0; k < safetyGroups; ++k) {
        quint64 chunk = 0;
        for (int j = 0; j < safetyGroupBytes; ++j)
            chunk = (chunk << 8) | static_cast<uchar>(hash.at(k * safetyGroupBytes + j));
        groups.append(QStringLiteral("%1").arg(chunk % 100000, 5, 10, QLatin1Char('0')));
    }
    return groups.join(u' ');
}

} // namespace Tincan
