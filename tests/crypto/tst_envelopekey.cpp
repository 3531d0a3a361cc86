// The device's envelope key (core/crypto/envelopekey.h): made once, kept, never replaced
// silently, and the key pair it gives opens what was sealed to it before a restart.

#include "crypto/envelopekey.h"
#include "crypto/hpke.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;

class TestEnvelopeKey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isMadeOnceAndKept()
    {
        QTemporaryDir dir;
        QString error;
        const auto made = EnvelopeKey::loadOrCreate(dir.path(), &error);
        QVERIFY2(made, qPrintable(error));
        QCOMPARE(made->privateKey.size(), Hpke::PrivateKeySize);
        QCOMPARE(made->publicKey.size(), Hpke::PublicKeySize);
        const QString path = QDir(dir.path()).filePath(EnvelopeKey::fileName());
        QCOMPARE(QFile::permissions(path) & 0x0077, QFile::Permissions()); // 0600: owner only

        // Sealed before a restart, opened after it.
        const auto sealed = Hpke::seal(made->publicKey, "info", "aad", "kept for later");
        QVERIFY(sealed);
        const auto loaded = EnvelopeKey::loadOrCreate(dir.path(), &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->publicKey, made->publicKey);
        QCOMPARE(Hpke::open(loaded->privateKey, "info", "aad", *sealed),
                 QByteArray("kept for later"));
    }

    void eachProfileHasItsOwn()
    {
        QTemporaryDir a;
        QTemporaryDir b;
        QString error;
        const auto first = EnvelopeKey::loadOrCreate(a.path(), &error);
        const auto second = EnvelopeKey::loadOrCreate(b.path(), &error);
        QVERIFY(first && second);
        QVERIFY(first->publicKey != second->publicKey);
    }

    void aDamagedKeyIsAnErrorNotANewKey()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(EnvelopeKey::loadOrCreate(dir.path(), &error));
        const QString path = QDir(dir.path()).filePath(EnvelopeKey::fileName());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
        file.close();
        QVERIFY(!EnvelopeKey::loadOrCreate(dir.path(), &error));
        QVERIFY2(error.contains(QLatin1String("envelope key")), qPrintable(error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QFile again(path);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QVERIFY(again.readAll().contains("broken")); // left as it was, for the user to restore
    }
};

QTEST_GUILESS_MAIN(TestEnvelopeKey)
#include "tst_envelopekey.moc"
