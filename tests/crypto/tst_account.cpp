// The account key and its signed device list (core/crypto/account.h, devicelist.h): made once,
// loaded after, never replaced silently; and every way a list from the network can be wrong.
#include "crypto/account.h"
#include "crypto/opensslhelpers.h"
#include "crypto/selfsigned.h"

#include <QCborArray>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;

namespace {
QString deviceId(char c)
{
    return QString(64, QLatin1Char(c));
}

// A list signed by a fresh key, with the body given (the account id is filled in unless set).
QCborMap signedList(QCborMap body, OpenSsl::PkeyPtr *keep = nullptr)
{
    QString error;
    OpenSsl::PkeyPtr key = OpenSsl::generateP256Key(&error);
    const QByteArray spki = OpenSsl::spkiDerOf(key.get());
    if (!body.contains(QStringLiteral("a")))
        body.insert(QStringLiteral("a"),
                    QString::fromLatin1(
                        QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toHex()));
    const QByteArray bytes = body.toCborValue().toCbor();
    QCborMap form;
    form.insert(QStringLiteral("k"), spki);
    form.insert(QStringLiteral("b"), bytes);
    form.insert(QStringLiteral("s"), OpenSsl::signSha256(key.get(), DeviceList::signedData(bytes)));
    if (keep)
        *keep = std::move(key);
    return form;
}

QCborMap body(const QCborArray &devices, qint64 version = 1)
{
    return {{QStringLiteral("v"), version},
            {QStringLiteral("d"), devices},
            {QStringLiteral("ts"), qint64(1700000000000)}};
}
} // namespace

class TestAccount : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isMadeOnceThenLoaded()
    {
        QTemporaryDir dir;
        QString error;
        const auto made = Account::loadOrCreate(dir.path(), deviceId('a'), &error);
        QVERIFY2(made, qPrintable(error));
        QCOMPARE(made->devices().devices, QStringList{deviceId('a')});
        QCOMPARE(made->devices().version, quint64(1));
        QCOMPARE(made->id().size(), 64);
        const auto loaded = Account::loadOrCreate(dir.path(), deviceId('a'), &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->id(), made->id());
        QCOMPARE(loaded->devices().signedForm, made->devices().signedForm);
        for (const QString &name : {Account::keyFileName(), Account::devicesFileName()})
            QVERIFY(!(QFile::permissions(QDir(dir.path()).filePath(name)) &
                      (QFile::ReadGroup | QFile::ReadOther)));
    }

    void aKeyWithoutItsListGetsANewListOfTheSameAccount()
    {
        QTemporaryDir dir;
        QString error;
        const auto made = Account::loadOrCreate(dir.path(), deviceId('a'), &error);
        QVERIFY(QFile::remove(QDir(dir.path()).filePath(Account::devicesFileName())));
        const auto again = Account::loadOrCreate(dir.path(), deviceId('a'), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->id(), made->id());
    }

    void whatWouldMakeANewAccountSilentlyIsRefused()
    {
        QTemporaryDir dir;
        QTemporaryDir other;
        QString error;
        QVERIFY(Account::loadOrCreate(dir.path(), deviceId('a'), &error));
        QVERIFY(Account::loadOrCreate(other.path(), deviceId('a'), &error));
        const QString key = QDir(dir.path()).filePath(Account::keyFileName());
        const QString list = QDir(dir.path()).filePath(Account::devicesFileName());

        // Another device's profile: not on the list.
        QVERIFY(!Account::loadOrCreate(dir.path(), deviceId('b'), &error));
        QVERIFY2(error.contains(QStringLiteral("not on the device list")), qPrintable(error));
        // A list of another account next to this key.
        QVERIFY(QFile::remove(list));
        QVERIFY(QFile::copy(QDir(other.path()).filePath(Account::devicesFileName()), list));
        QVERIFY(!Account::loadOrCreate(dir.path(), deviceId('a'), &error));
        QVERIFY2(error.contains(QStringLiteral("another account")), qPrintable(error));
        // A corrupt list.
        QVERIFY(QFile::remove(list));
        QFile corrupt(list);
        QVERIFY(corrupt.open(QIODevice::WriteOnly) && corrupt.write("garbage") == 7);
        corrupt.close();
        QVERIFY(!Account::loadOrCreate(dir.path(), deviceId('a'), &error));
        QVERIFY2(error.contains(QStringLiteral("corrupt")), qPrintable(error));
        // The key lost, its list still there.
        QVERIFY(QFile::remove(key));
        QVERIFY(!Account::loadOrCreate(dir.path(), deviceId('a'), &error));
        QVERIFY2(error.contains(QStringLiteral("Refusing to make a new account")),
                 qPrintable(error));
        QVERIFY(!QFile::exists(key)); // nothing was made
    }

    void aKeyOthersCanReadIsRefused()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(Account::loadOrCreate(dir.path(), deviceId('a'), &error));
        const QString key = QDir(dir.path()).filePath(Account::keyFileName());
        QVERIFY(
            QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner | QFile::WriteOther));
        QVERIFY(!Account::loadOrCreate(dir.path(), deviceId('a'), &error));
        QVERIFY2(error.contains(QStringLiteral("chmod 600")), qPrintable(error));
    }

    void aListFromTheNetworkIsChecked_data()
    {
        QTest::addColumn<QCborMap>("form");
        QTest::addColumn<QString>("why");
        const QCborArray one{deviceId('a')};
        QTest::newRow("good") << signedList(body(one)) << QString();
        QCborArray unique;
        for (int i = 0; i <= DeviceList::MaxDevices; ++i)
            unique.append(QString::fromLatin1(
                QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Sha256)
                    .toHex()));
        QTest::newRow("17 devices") << signedList(body(unique)) << QStringLiteral("1 to 16");
        QTest::newRow("no device") << signedList(body({})) << QStringLiteral("1 to 16");
        QTest::newRow("a device twice")
            << signedList(body({deviceId('a'), deviceId('a')})) << QStringLiteral("twice");
        QTest::newRow("upper-case id")
            << signedList(body({QString(64, QLatin1Char('A'))})) << QStringLiteral("hex");
        QTest::newRow("version 0") << signedList(body(one, 0)) << QStringLiteral("version");
        QTest::newRow("version 2^53")
            << signedList(body(one, qint64(1) << 53)) << QStringLiteral("version");
        QCborMap foreign = body(one);
        foreign.insert(QStringLiteral("a"), deviceId('c'));
        QTest::newRow("someone else's account id")
            << signedList(foreign) << QStringLiteral("does not match");
        QCborMap tampered = signedList(body(one));
        tampered.insert(QStringLiteral("b"), body({deviceId('b')}).toCborValue().toCbor());
        QTest::newRow("body changed after signing") << tampered << QStringLiteral("account id");
        QCborMap swapped = signedList(body(one));
        swapped.insert(QStringLiteral("s"), signedList(body(one)).value(QStringLiteral("s")));
        QTest::newRow("another key's signature") << swapped << QStringLiteral("signature");
        QCborMap huge = signedList(body(one));
        huge.insert(QStringLiteral("k"), QByteArray(DeviceList::MaxKeySize + 1, 'k'));
        QTest::newRow("huge key") << huge << QStringLiteral("too large");
        QCborMap text = signedList(body(one));
        text.insert(QStringLiteral("b"), QStringLiteral("not bytes"));
        QTest::newRow("body as text") << text << QStringLiteral("byte strings");
        QTest::newRow("empty") << QCborMap() << QStringLiteral("byte strings");
    }

    void aListFromTheNetworkIsChecked()
    {
        QFETCH(QCborMap, form);
        QFETCH(QString, why);
        QString error;
        const auto list = DeviceList::verify(form, &error);
        if (why.isEmpty()) {
            QVERIFY2(list, qPrintable(error));
            QVERIFY(list->contains(deviceId('a')));
            QCOMPARE(list->signedForm, form);
            return;
        }
        QVERIFY(!list);
        QVERIFY2(error.contains(why), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestAccount)
#include "tst_account.moc"
