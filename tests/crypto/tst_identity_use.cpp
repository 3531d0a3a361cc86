#include "crypto/fingerprint.h"
#include "crypto/identity.h"
#include "crypto/signature.h"
#include "testhelpers.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Tincan;
using namespace TestHelpers;

namespace {

QSslConfiguration tlsConfig(const Identity &identity)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_3);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    config.setLocalCertificate(identity.certificate());
    config.setPrivateKey(identity.privateKey());
    // Peers are pinned by key, never trusted through a CA.
    config.setCaCertificates({});
    return config;
}

// The only errors a pinned, self-signed peer may cause; anything else must fail the handshake.
QList<QSslError> expectedErrors(const QSslCertificate &peer, bool client)
{
    QList<QSslError> errors{QSslError(QSslError::SelfSignedCertificate, peer)};
    if (client) // The certificate names no host; the peer is identified by its key instead.
        errors.append(QSslError(QSslError::HostNameMismatch, peer));
    return errors;
}

} // namespace

class TestIdentityUse : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dirs[3];
    std::optional<Identity> m_alice;
    std::optional<Identity> m_bob;
    std::optional<Identity> m_carol;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend");
        std::optional<Identity> *identities[] = {&m_alice, &m_bob, &m_carol};
        for (int i = 0; i < 3; ++i) {
            m_dirs[i] = std::make_unique<QTemporaryDir>();
            QString error;
            *identities[i] = Identity::loadOrCreate(m_dirs[i]->path(), &error);
            QVERIFY2(*identities[i], qPrintable(error));
        }
    }

    void groupedFingerprintFormat()
    {
        const QString grouped = groupedFingerprint(m_alice->id());
        QVERIFY2(QRegularExpression(QStringLiteral("^([0-9a-f]{4} ){15}[0-9a-f]{4}$"))
                     .match(grouped)
                     .hasMatch(),
                 qPrintable(grouped));
        QCOMPARE(QString(grouped).remove(u' '), m_alice->id());
        QCOMPARE(groupedFingerprint(m_alice->id().toUpper()), grouped);
        QVERIFY(groupedFingerprint(m_alice->id().left(63)).isEmpty());
        QVERIFY(groupedFingerprint(m_alice->id().left(63) + u'g').isEmpty());
        QVERIFY(groupedFingerprint(QString()).isEmpty());
    }

    void invalidCertificateHasNoFingerprint()
    {
        QVERIFY(spkiDer(QSslCertificate()).isEmpty());
        QVERIFY(spkiFingerprint(QSslCertificate()).isEmpty());
        QVERIFY(fingerprintId(QSslCertificate()).isEmpty());
    }

    void safetyNumberIsSymmetricAndWellFormed()
    {
        const QByteArray a = spkiDer(m_alice->certificate());
        const QByteArray b = spkiDer(m_bob->certificate());
        const QByteArray c = spkiDer(m_carol->certificate());
        const QString ab = safetyNumber(a, b);
        QVERIFY2(QRegularExpression(QStringLiteral("^(\\d{5} ){11}\\d{5}$")).match(ab).hasMatch(),
                 qPrintable(ab));
        QCOMPARE(safetyNumber(b, a), ab);
        QVERIFY(safetyNumber(a, c) != ab);
        QVERIFY(safetyNumber(c, b) != ab);
        QVERIFY(safetyNumber(a, a) != ab);
        QVERIFY(safetyNumber(a, QByteArray()).isEmpty());
        QVERIFY(safetyNumber(QByteArray(), b).isEmpty());
    }

    void safetyNumberMatchesTheDocumentedDerivation()
    {
        // Computed with the Python 3 hashlib reference in docs/security-safety-number.md. The
        // 0x01 / 0xff first bytes make the order depend on comparing bytes as unsigned.
        const QByteArray low("\x01"
                             "alice");
        const QByteArray high("\xff"
                              "bob");
        const QString expected = QStringLiteral(
            "15954 96409 08598 28882 01406 61894 37143 66263 59748 78692 05130 67609");
        QCOMPARE(safetyNumber(low, high), expected);
        QCOMPARE(safetyNumber(high, low), expected);
    }

    void signatureRoundTrip()
    {
        const QByteArray data("hello, tincan");
        const QByteArray signature = m_alice->sign(data);
        QVERIFY(!signature.isEmpty());
        QCOMPARE(signature.at(0), '\x30'); // DER SEQUENCE, not raw r||s
        const QByteArray spki = spkiDer(m_alice->certificate());
        QVERIFY(verifySignature(spki, data, signature));
        QVERIFY(verifySignature(spki, QByteArray(), m_alice->sign(QByteArray())));

        QByteArray tamperedData = data;
        tamperedData[0] = 'j';
        QVERIFY(!verifySignature(spki, tamperedData, signature));
        QByteArray tamperedSignature = signature;
        tamperedSignature[tamperedSignature.size() - 1] =
            static_cast<char>(tamperedSignature.back() ^ 0x01);
        QVERIFY(!verifySignature(spki, data, tamperedSignature));
        QVERIFY(!verifySignature(spkiDer(m_bob->certificate()), data, signature));
        QVERIFY(!verifySignature(spki, data, QByteArray()));
        QVERIFY(!verifySignature(QByteArray(), data, signature));
        QVERIFY(!verifySignature(spki.left(spki.size() - 1), data, signature));
        QVERIFY(!verifySignature(spki + '\0', data, signature));
    }

    void signatureVerifiesWithOpensslCommand()
    {
        if (opensslProgram().isEmpty())
            QSKIP("the openssl command is not installed");
        QTemporaryDir tmp;
        const QByteArray data("signed by alice");
        QVERIFY(writeFile(tmp.filePath(QStringLiteral("data")), data));
        QVERIFY(writeFile(tmp.filePath(QStringLiteral("sig")), m_alice->sign(data)));
        QVERIFY(writeFile(tmp.filePath(QStringLiteral("pub.pem")),
                          m_alice->certificate().publicKey().toPem()));
        const auto out = runOpenssl(
            {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"),
             tmp.filePath(QStringLiteral("pub.pem")), QStringLiteral("-signature"),
             tmp.filePath(QStringLiteral("sig")), tmp.filePath(QStringLiteral("data"))});
        QVERIFY(out);
        QVERIFY2(out->contains("Verified OK"), out->constData());
    }

    void signatureSurvivesReload()
    {
        QString error;
        const auto reloaded = Identity::loadOrCreate(m_dirs[0]->path(), &error);
        QVERIFY2(reloaded, qPrintable(error));
        const QByteArray data("same key after restart");
        QVERIFY(verifySignature(spkiDer(m_alice->certificate()), data, reloaded->sign(data)));
    }

    void mutualTls13HandshakeWithPinnedIdentities_data()
    {
        QTest::addColumn<bool>("clientExpectsServer");
        QTest::newRow("expected peer") << true;
        QTest::newRow("unexpected peer") << false;
    }

    void mutualTls13HandshakeWithPinnedIdentities()
    {
        QFETCH(bool, clientExpectsServer);
        QVERIFY(QSslSocket::isProtocolSupported(QSsl::TlsV1_3));
        const Identity &server = *m_alice;
        const Identity &client = *m_bob;
        // In the negative case the client pins carol, so alice's certificate must be refused.
        const QSslCertificate pinned =
            clientExpectsServer ? server.certificate() : m_carol->certificate();

        QSslServer listener;
        listener.setSslConfiguration(tlsConfig(server));
        connect(&listener, &QSslServer::startedEncryptionHandshake, this, [&](QSslSocket *socket) {
            socket->ignoreSslErrors(expectedErrors(client.certificate(), false));
        });
        QVERIFY(listener.listen(QHostAddress::LocalHost));

        QSslSocket socket;
        socket.setSslConfiguration(tlsConfig(client));
        socket.ignoreSslErrors(expectedErrors(pinned, true));
        QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
        QSignalSpy failed(&socket, &QSslSocket::errorOccurred);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), listener.serverPort());

        if (!clientExpectsServer) {
            QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
            QCOMPARE(failed.first().first().value<QAbstractSocket::SocketError>(),
                     QAbstractSocket::SslHandshakeFailedError);
            QVERIFY(encrypted.isEmpty());
            QVERIFY(!socket.isEncrypted());
            return;
        }

        QTRY_VERIFY_WITH_TIMEOUT(listener.hasPendingConnections() || !failed.isEmpty(), 10000);
        QVERIFY2(failed.isEmpty(), qPrintable(socket.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(!encrypted.isEmpty(), 10000);
        auto *accepted = qobject_cast<QSslSocket *>(listener.nextPendingConnection());
        QVERIFY(accepted);
        QVERIFY(accepted->isEncrypted());

        QCOMPARE(socket.sessionProtocol(), QSsl::TlsV1_3);
        QCOMPARE(accepted->sessionProtocol(), QSsl::TlsV1_3);
        QCOMPARE(socket.peerCertificate(), server.certificate());
        QCOMPARE(accepted->peerCertificate(), client.certificate());
        QCOMPARE(fingerprintId(socket.peerCertificate()), server.id());
        QCOMPARE(fingerprintId(accepted->peerCertificate()), client.id());

        // Verification really ran, and found nothing beyond what was deliberately ignored.
        const auto clientAllowed = expectedErrors(server.certificate(), true);
        QVERIFY(socket.sslHandshakeErrors().contains(clientAllowed.first()));
        for (const QSslError &e : socket.sslHandshakeErrors())
            QVERIFY2(clientAllowed.contains(e), qPrintable(e.errorString()));
        QCOMPARE(accepted->sslHandshakeErrors(), expectedErrors(client.certificate(), false));
    }
};

QTEST_GUILESS_MAIN(TestIdentityUse)
#include "tst_identity_use.moc"
