#include "crypto/identity.h"
#include "testhelpers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;
using namespace TestHelpers;

namespace {

const QString keyName = QStringLiteral("identity.key");
const QString certName = QStringLiteral("identity.crt");

} // namespace

// A profile whose identity files are damaged must be refused with a message naming the file,
// and left exactly as it was: making a new identity instead would turn the node into a stranger.
class TestIdentityErrors : public QObject
{
    Q_OBJECT

private:
    void expectRefusal(const QString &dir, const QString &mustMention)
    {
        const auto before = snapshot(dir);
        QString error;
        QVERIFY(!Identity::loadOrCreate(dir, &error));
        QVERIFY2(error.contains(mustMention), qPrintable(error));
        QCOMPARE(snapshot(dir), before);
    }

    QString m_openssl;

private Q_SLOTS:
    void initTestCase() { m_openssl = opensslProgram(); }

    void missingProfileDirectoryIsAnError()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("absent"));
        QString error;
        QVERIFY(!Identity::loadOrCreate(dir, &error));
        QVERIFY2(error.contains(dir), qPrintable(error));
        QVERIFY(!QFile::exists(dir));
    }

    void corruptKeyIsRefused()
    {
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
        QByteArray key = readFile(tmp.filePath(keyName));
        // Damage the base64 body, not the PEM armour, so the parser has to notice.
        for (qsizetype i = 40; i < 60; ++i)
            key[i] = 'A';
        QVERIFY(writeFile(tmp.filePath(keyName), key));
        expectRefusal(tmp.path(), keyName);
    }

    void truncatedCertificateIsRefused()
    {
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
        const QByteArray cert = readFile(tmp.filePath(certName));
        QVERIFY(writeFile(tmp.filePath(certName), cert.left(cert.size() / 2)));
        expectRefusal(tmp.path(), certName);
    }

    void keyWithoutCertificateIsRefused()
    {
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
        QVERIFY(QFile::remove(tmp.filePath(certName)));
        expectRefusal(tmp.path(), certName);
        QVERIFY(!QFile::exists(tmp.filePath(certName)));
    }

    void certificateWithoutKeyIsRefused()
    {
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
        QVERIFY(QFile::remove(tmp.filePath(keyName)));
        expectRefusal(tmp.path(), keyName);
    }

    void danglingKeySymlinkIsNotReplaced()
    {
        QTemporaryDir tmp;
        QVERIFY(QFile::link(tmp.filePath(QStringLiteral("gone")), tmp.filePath(keyName)));
        expectRefusal(tmp.path(), keyName);
    }

    void keyFromAnotherProfileIsRefused()
    {
        QTemporaryDir mine;
        QTemporaryDir theirs;
        QString error;
        QVERIFY2(Identity::loadOrCreate(mine.path(), &error), qPrintable(error));
        QVERIFY2(Identity::loadOrCreate(theirs.path(), &error), qPrintable(error));
        QVERIFY(writeFile(mine.filePath(keyName), readFile(theirs.filePath(keyName))));
        expectRefusal(mine.path(), QStringLiteral("does not match"));
        expectRefusal(mine.path(), keyName);
    }

    void unreadableFileIsRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("key") << keyName;
        QTest::newRow("certificate") << certName;
    }

    void unreadableFileIsRefused()
    {
        QFETCH(QString, name);
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
        // chmod 000 does not stop root; a directory cannot be read as a file by anyone.
        QVERIFY(QFile::remove(tmp.filePath(name)));
        QVERIFY(QDir(tmp.path()).mkdir(name));
        expectRefusal(tmp.path(), name);
    }

    void unreadablePermissionsAreRefused()
    {
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
        const QString key = tmp.filePath(keyName);
        QVERIFY(QFile::setPermissions(key, QFileDevice::Permissions()));
        if (QFile file(key); file.open(QIODevice::ReadOnly)) {
            QVERIFY(QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner));
            QSKIP("running as root: chmod 000 does not stop reading (see unreadableFileIsRefused)");
        }
        expectRefusal(tmp.path(), keyName);
        QCOMPARE(QFile::permissions(key) & 0x7077, QFileDevice::Permissions());
    }

    // Keys at rest (#19): a key that other users can read may be copied already; the node
    // stops and says how to fix it, instead of going on with a warning in the log.
    void aKeyOthersCanReadIsRefused()
    {
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
        const QString key = tmp.filePath(keyName);
        QVERIFY(QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                               QFile::ReadOther));
        expectRefusal(tmp.path(), QStringLiteral("chmod 600 ") + key);
        expectRefusal(tmp.path(), QStringLiteral("mode 644"));
        QVERIFY(QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY2(Identity::loadOrCreate(tmp.path(), &error), qPrintable(error));
    }

    void certificateSignedByAnotherKeyIsRefused()
    {
        if (m_openssl.isEmpty())
            QSKIP("the openssl command is not installed");
        QTemporaryDir mine;
        QTemporaryDir theirs;
        QString error;
        QVERIFY2(Identity::loadOrCreate(mine.path(), &error), qPrintable(error));
        QVERIFY2(Identity::loadOrCreate(theirs.path(), &error), qPrintable(error));
        // Right public key, wrong signer: only the self-signature check can tell.
        const auto csr = runOpenssl({QStringLiteral("req"), QStringLiteral("-new"),
                                     QStringLiteral("-subj"), QStringLiteral("/CN=tincan"),
                                     QStringLiteral("-key"), mine.filePath(keyName)});
        QVERIFY(csr);
        const auto forged =
            runOpenssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-days"),
                        QStringLiteral("30"), QStringLiteral("-CA"), theirs.filePath(certName),
                        QStringLiteral("-CAkey"), theirs.filePath(keyName),
                        QStringLiteral("-set_serial"), QStringLiteral("7")},
                       *csr);
        QVERIFY(forged);
        QVERIFY(writeFile(mine.filePath(certName), *forged));
        expectRefusal(mine.path(), certName);
    }

    void otherKeyTypeIsRefused()
    {
        if (m_openssl.isEmpty())
            QSKIP("the openssl command is not installed");
        QTemporaryDir tmp;
        QVERIFY(runOpenssl(
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
             QStringLiteral("ec_paramgen_curve:P-384"), QStringLiteral("-nodes"),
             QStringLiteral("-subj"), QStringLiteral("/CN=tincan"), QStringLiteral("-keyout"),
             tmp.filePath(keyName), QStringLiteral("-out"), tmp.filePath(certName)}));
        expectRefusal(tmp.path(), QStringLiteral("P-256"));
    }
};

QTEST_GUILESS_MAIN(TestIdentityErrors)
#include "tst_identity_errors.moc"
