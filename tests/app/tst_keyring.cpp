// Keys at rest in a real system keyring: gnome-keyring's Secret Service on a private D-Bus
// session (keyring-session.sh). Checked from outside with secret-tool, and with real tincan
// processes for the command line and a keyring that cannot be reached.
#include "crypto/account.h"
#include "crypto/identity.h"

#include "nodeprocess.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Tincan;

namespace {

const QByteArray referencePrefix = QByteArrayLiteral("tincan-keyring-entry v1 ");

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The keyring entry a key file names; empty when the file holds the key itself.
QString entryNamedBy(const QString &path)
{
    const QByteArray bytes = contents(path);
    return bytes.startsWith(referencePrefix)
               ? QString::fromLatin1(bytes.mid(referencePrefix.size()).trimmed())
               : QString();
}

// secret-tool, the Secret Service's own client: what the keyring holds, seen without Tincan.
// QtKeychain keeps an entry under the attributes user (its name) and server (the service).
QStringList attributes(const QString &entry)
{
    return {QStringLiteral("user"), entry, QStringLiteral("server"), QStringLiteral("Tincan")};
}

// One secret-tool call: its standard output, with its standard error in front when asked;
// nullopt when it failed or did not finish.
std::optional<QByteArray> secretTool(const QStringList &arguments, bool withErrors = false)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"), arguments);
    if (!tool.waitForFinished(20000) || tool.exitCode() != 0)
        return std::nullopt;
    const QByteArray errors = withErrors ? tool.readAllStandardError() : QByteArray();
    return errors + tool.readAllStandardOutput();
}

std::optional<QByteArray> secretToolLookup(const QString &entry)
{
    return secretTool(QStringList{QStringLiteral("lookup")} + attributes(entry));
}

bool secretToolClear(const QString &entry)
{
    return secretTool(QStringList{QStringLiteral("clear")} + attributes(entry)).has_value();
}

// Every entry of service Tincan that the keyring holds, by name.
QStringList tincanEntries()
{
    // search prints its items' attributes on stderr and the secrets on stdout.
    const auto listing = secretTool({QStringLiteral("search"), QStringLiteral("--all"),
                                     QStringLiteral("server"), QStringLiteral("Tincan")},
                                    true);
    if (!listing)
        return {QStringLiteral("secret-tool search failed")};
    QStringList names;
    for (const QByteArray &line : listing->split('\n'))
        if (line.startsWith("attribute.user = "))
            names << QString::fromLatin1(line.mid(17).trimmed());
    names.sort();
    return names;
}

// QtKeychain's Secret Service backend stores binary data base64-encoded.
bool keyringHoldsKey(const QString &entry, const QByteArray &pem)
{
    const auto stored = secretToolLookup(entry);
    return stored && (*stored == pem || QByteArray::fromBase64(*stored) == pem);
}

QString keyPath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("identity.key"));
}

} // namespace

class TestKeyring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("TINCAN_IN_KEYRING_SESSION") == QLatin1String("1"),
                 "run through tests/app/keyring-session.sh, which gives the test a keyring");
    }

    void newProfileKeepsItsKeysInTheKeyring()
    {
        QTemporaryDir dir;
        QString error;
        const auto identity = Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::Keyring);
        QVERIFY2(identity, qPrintable(error));
        const auto account =
            Account::loadOrCreate(dir.path(), identity->id(), &error, KeyStorage::Keyring);
        QVERIFY2(account, qPrintable(error));

        for (const QString &name :
             {QStringLiteral("identity.key"), QStringLiteral("account.key")}) {
            const QString path = dir.filePath(name);
            const QString entry = entryNamedBy(path);
            QVERIFY2(!entry.isEmpty(), qPrintable(name + QString::fromLatin1(contents(path))));
            QVERIFY(!contents(path).contains("PRIVATE KEY"));
            QCOMPARE(QFile::permissions(path) & 0x0ff, QFile::Permissions()); // group, other
            const auto stored = secretToolLookup(entry);
            QVERIFY2(stored, qPrintable(entry));
            QVERIFY(stored->contains("PRIVATE KEY") ||
                    QByteArray::fromBase64(*stored).contains("PRIVATE KEY"));
        }

        const auto again = Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::Keyring);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->id(), identity->id());
        const auto accountAgain =
            Account::loadOrCreate(dir.path(), identity->id(), &error, KeyStorage::Keyring);
        QVERIFY2(accountAgain, qPrintable(error));
        QCOMPARE(accountAgain->id(), account->id());
    }

    void keyInAFileMovesIntoTheKeyringAndBack()
    {
        QTemporaryDir dir;
        QString error;
        const auto made = Identity::loadOrCreate(dir.path(), &error);
        QVERIFY2(made, qPrintable(error));
        const QByteArray pem = contents(keyPath(dir));
        QVERIFY(pem.contains("PRIVATE KEY"));

        const auto moved = Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::Keyring);
        QVERIFY2(moved, qPrintable(error));
        QCOMPARE(moved->id(), made->id());
        const QString entry = entryNamedBy(keyPath(dir));
        QVERIFY2(!entry.isEmpty(), contents(keyPath(dir)).constData());
        QVERIFY(keyringHoldsKey(entry, pem));

        // --key-storage=file takes it out again, for a backup that has to work elsewhere.
        const auto back = Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::File);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->id(), made->id());
        QCOMPARE(contents(keyPath(dir)), pem);
        QCOMPARE(QFile::permissions(keyPath(dir)) & 0x0ff, QFile::Permissions());
        QVERIFY(!secretToolLookup(entry));
    }

    // The key's old file is overwritten before it is let go: a second name for the same inode
    // (a hard link, as a backup tool makes) shows what its freed blocks would otherwise keep.
    void keyMovedIntoTheKeyringLeavesNoCopyInItsOldFile()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY2(Identity::loadOrCreate(dir.path(), &error), qPrintable(error));
        const QByteArray pem = contents(keyPath(dir));
        QVERIFY(pem.contains("PRIVATE KEY"));
        const QString oldInode = dir.filePath(QStringLiteral("old-inode"));
        QCOMPARE(::link(QFile::encodeName(keyPath(dir)).constData(),
                        QFile::encodeName(oldInode).constData()),
                 0);

        QVERIFY2(Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::Keyring),
                 qPrintable(error));
        QVERIFY(!entryNamedBy(keyPath(dir)).isEmpty());
        QCOMPARE(contents(oldInode), QByteArray(pem.size(), '\0'));
    }

    void entryGoneFromTheKeyringIsAnErrorNotANewKey()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY2(Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::Keyring),
                 qPrintable(error));
        const QString entry = entryNamedBy(keyPath(dir));
        QVERIFY(secretToolClear(entry));
        const QByteArray reference = contents(keyPath(dir));

        QVERIFY(!Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::Keyring));
        QVERIFY2(error.contains(QLatin1String("system keyring")) && error.contains(entry),
                 qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("no new key")), qPrintable(error));
        QCOMPARE(contents(keyPath(dir)), reference);
    }

    void damagedReferenceIsRefused()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY2(Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::Keyring),
                 qPrintable(error));
        QFile file(keyPath(dir));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(referencePrefix + "identity.key/\"; rm -rf ~\n");
        file.close();
        QVERIFY(!Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::Keyring));
        QVERIFY2(error.contains(QLatin1String("damaged")), qPrintable(error));
    }

    // A profile whose making fails half-way takes its new key back out of the keyring too:
    // nobody has seen that key, and an entry nobody names would stay for good.
    void failedAccountLeavesNoEntryBehind()
    {
        QTemporaryDir dir;
        QString error;
        const auto identity = Identity::loadOrCreate(dir.path(), &error, {}, KeyStorage::Keyring);
        QVERIFY2(identity, qPrintable(error));
        const QStringList before = tincanEntries();
        QVERIFY2(before.contains(entryNamedBy(keyPath(dir))), qPrintable(before.join(u' ')));

        // A device list that cannot name this device is refused after the key is stored.
        QVERIFY(!Account::loadOrCreate(dir.path(), QStringLiteral("not a device id"), &error,
                                       KeyStorage::Keyring));
        QVERIFY(!error.isEmpty());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("account.key"))));
        QCOMPARE(tincanEntries(), before);

        // And then the profile is made, as if the failure had not been.
        QVERIFY2(Account::loadOrCreate(dir.path(), identity->id(), &error, KeyStorage::Keyring),
                 qPrintable(error));
        QCOMPARE(tincanEntries().size(), before.size() + 1);
    }

    // The command line, end to end: the app asks for the keyring by default, and a keyring that
    // cannot be reached later stops it with a message instead of a new identity.
    void appUsesTheKeyringAndRefusesToStartWithoutIt()
    {
        QTemporaryDir dir;
        const QString profile = dir.filePath(QStringLiteral("profile"));
        QString id;
        {
            NodeProcess node(profile);
            node.start({QStringLiteral("--no-discovery")});
            QVERIFY2(node.waitUntilReady(), qPrintable(node.output()));
            id = node.nodeInfo().value(QStringLiteral("fingerprint")).toString();
            node.terminate();
            QVERIFY(node.waitForExit(20000));
        }
        const QString keyFile = QDir(profile).filePath(QStringLiteral("identity.key"));
        QVERIFY2(!entryNamedBy(keyFile).isEmpty(), contents(keyFile).constData());
        QVERIFY(!entryNamedBy(QDir(profile).filePath(QStringLiteral("account.key"))).isEmpty());

        NodeProcess cut(profile);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=%1").arg(dir.filePath(QStringLiteral("no-bus"))));
        cut.process().setProcessEnvironment(env);
        cut.start({QStringLiteral("--no-discovery")});
        QVERIFY(cut.waitForExit(60000));
        QCOMPARE(cut.process().exitCode(), 1);
        QVERIFY2(cut.output().contains(QLatin1String("kept in the system keyring")),
                 qPrintable(cut.output()));
        QVERIFY(!entryNamedBy(keyFile).isEmpty());

        NodeProcess again(profile); // the keyring back: the same identity
        again.start({QStringLiteral("--no-discovery")});
        QVERIFY2(again.waitUntilReady(), qPrintable(again.output()));
        QCOMPARE(again.nodeInfo().value(QStringLiteral("fingerprint")).toString(), id);
        again.terminate();
        QVERIFY(again.waitForExit(20000));

        // The bad value of the option is refused before anything is touched.
        NodeProcess wrong(profile);
        wrong.start({QStringLiteral("--key-storage=vault")});
        QVERIFY(wrong.waitForExit(20000));
        QCOMPARE(wrong.process().exitCode(), 2);
        QVERIFY2(wrong.output().contains(QLatin1String("--key-storage")),
                 qPrintable(wrong.output()));
    }
};

QTEST_GUILESS_MAIN(TestKeyring)
#include "tst_keyring.moc"
