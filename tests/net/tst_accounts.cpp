// Accounts in the hello (docs/protocol.md v2): a device shows its account's signed device list,
// a node checks it and remembers which account each device belongs to, and a peer of
// protocol v1 is told, in a message it can log, which versions this node speaks.
#include "crypto/account.h"
#include "crypto/opensslhelpers.h"
#include "peertestutil.h"
#include "rawtlspeer.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QCborArray>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;
using namespace PeerTest;

namespace {
constexpr int Timeout = 10000;

QString accountOf(TestNode &node, const QString &deviceId)
{
    const auto record = node->peers().find(deviceId);
    return record ? record->accountId : QString();
}

// Connects, sends the hello, and waits until the node has closed the link.
void sendAndExpectClose(TestNode &node, RawTlsPeer &peer, const QCborMap &hello)
{
    peer.connectTo(node->port());
    QTRY_VERIFY_WITH_TIMEOUT(peer.isEncrypted(), Timeout);
    peer.send(hello);
    QTRY_VERIFY_WITH_TIMEOUT(peer.isDisconnected(), Timeout);
    QVERIFY(!node->sessions().isConnected(peer.id()));
}
// The account in dir signs a new version of its list, naming only devices.
std::optional<DeviceList> resign(const QString &dir, quint64 version, const QStringList &devices)
{
    QFile file(QDir(dir).filePath(Account::keyFileName()));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const OpenSsl::PkeyPtr key = OpenSsl::privateKeyFromPem(file.readAll());
    QString error;
    const QByteArray spki = OpenSsl::spkiDerOf(key.get());
    const QString accountId =
        QString::fromLatin1(QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toHex());
    const QByteArray body = QCborMap{{QStringLiteral("a"), accountId},
                                     {QStringLiteral("v"), qint64(version)},
                                     {QStringLiteral("d"), QCborArray::fromStringList(devices)},
                                     {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()}}
                                .toCborValue()
                                .toCbor();
    const QCborMap form{
        {QStringLiteral("k"), spki},
        {QStringLiteral("b"), body},
        {QStringLiteral("s"), OpenSsl::signSha256(key.get(), DeviceList::signedData(body))}};
    return DeviceList::verify(form, &error);
}
} // namespace

class TestAccounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoNodesLearnEachOthersAccount()
    {
        TestNode a(QStringLiteral("Alice"));
        TestNode b(QStringLiteral("Bob"));
        QVERIFY(a->accountId() != a.id() && Protocol::isValidId(a->accountId()));
        b->sessions().connectTo(QStringLiteral("127.0.0.1"), a->port());
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(b.id()), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(accountOf(b, a.id()), a->accountId(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(accountOf(a, b.id()), b->accountId(), Timeout);
        const auto list = a->peers().account(b->accountId());
        QVERIFY(list);
        QCOMPARE(list->devices, QStringList{b.id()});
        QCOMPARE(list->version, quint64(1));
    }

    void aVersion1HelloIsRefusedNamingTheVersions()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer old;
        Protocol::Hello hello = old.hello();
        hello.version = 1; // as Tincan 0.1 sends it: no account
        hello.account = {};
        sendAndExpectClose(a, old, Protocol::encodeHello(hello));
        QCOMPARE(old.receivedCount(Protocol::Type::Hello), 1); // ours came first, as in v1
        const QCborMap refusal = old.lastReceived(Protocol::Type::Refuse);
        QCOMPARE(refusal.value(QStringLiteral("why")).toString(), QStringLiteral("version"));
        QCOMPARE(refusal.value(QStringLiteral("v")).toInteger(), Protocol::Version);
        QCOMPARE(refusal.value(QStringLiteral("min")).toInteger(), Protocol::MinVersion);
        QVERIFY(!a->peers().find(old.id())); // nothing stored of it
        QCOMPARE(Protocol::describeRefusal(refusal),
                 QStringLiteral("the peer speaks protocol v2 from v2 on; this node speaks v2"));
    }

    void aVersion2HelloWithoutAnAccountCloses()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer peer;
        QCborMap hello = Protocol::encodeHello(peer.hello());
        hello.remove(QStringLiteral("acct"));
        sendAndExpectClose(a, peer, hello);
        QCOMPARE(peer.receivedCount(Protocol::Type::Refuse), 0); // not a version matter
    }

    // Someone else's list, or one whose body was changed after signing, proves nothing.
    void aListThatDoesNotNameTheDeviceOrDoesNotVerifyCloses()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer other;
        RawTlsPeer peer;
        Protocol::Hello borrowed = peer.hello();
        borrowed.account = other.hello().account;
        sendAndExpectClose(a, peer, Protocol::encodeHello(borrowed));

        RawTlsPeer tamperer;
        Protocol::Hello tampered = tamperer.hello();
        QByteArray body = tampered.account.value(QStringLiteral("b")).toByteArray();
        body[body.size() - 1] = char(body.at(body.size() - 1) ^ 1); // the issue time's last byte
        tampered.account.insert(QStringLiteral("b"), body);
        sendAndExpectClose(a, tamperer, Protocol::encodeHello(tampered));
        QVERIFY(!a->peers().find(tamperer.id()));

        RawTlsPeer honest; // and the node still serves others
        join(a, honest);
        QVERIFY(answersPing(honest));
    }

    // A device stays with the account it first showed: its key showing up under another
    // account is refused, not silently moved.
    void aDeviceKeepsTheAccountItFirstShowed()
    {
        TestNode a(QStringLiteral("Alice"));
        QTemporaryDir first;
        QTemporaryDir second;
        QString firstAccount;
        {
            RawTlsPeer device(first.path());
            join(a, device);
            QTRY_VERIFY_WITH_TIMEOUT(!accountOf(a, device.id()).isEmpty(), Timeout);
            firstAccount = accountOf(a, device.id());
        }
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().sessionCount() == 0, Timeout);
        for (const QString &name : {QStringLiteral("identity.key"), QStringLiteral("identity.crt")})
            QVERIFY(
                QFile::copy(QDir(first.path()).filePath(name), QDir(second.path()).filePath(name)));
        RawTlsPeer sameDevice(second.path()); // same device key, a new account made for it
        QVERIFY(sameDevice.hello().account != RawTlsPeer(first.path()).hello().account);
        sendAndExpectClose(a, sameDevice, Protocol::encodeHello(sameDevice.hello()));
        QCOMPARE(accountOf(a, sameDevice.id()), firstAccount);
    }

    // Once a node holds a newer list of an account without a device, that device cannot come
    // back by showing the older list that named it.
    void aDeviceDroppedFromANewerListIsRefused()
    {
        TestNode a(QStringLiteral("Alice"));
        QTemporaryDir dir;
        RawTlsPeer dropped(dir.path());
        join(a, dropped);
        QTRY_VERIFY_WITH_TIMEOUT(!accountOf(a, dropped.id()).isEmpty(), Timeout);
        dropped.abort();
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().sessionCount() == 0, Timeout);

        // The account's other device brings version 2, which lists only itself.
        const QString successor = someId(7);
        const auto newer = resign(dir.path(), 2, {successor});
        QVERIFY(newer);
        QVERIFY(a->peers().recordAccount(successor, *newer));
        QCOMPARE(a->peers().account(newer->accountId)->version, quint64(2));
        // An older version never replaces it.
        QVERIFY(a->peers().recordAccount(
            dropped.id(), DeviceList::verify(dropped.hello().account, nullptr).value()));
        QCOMPARE(a->peers().account(newer->accountId)->version, quint64(2));

        RawTlsPeer again(dir.path());
        sendAndExpectClose(a, again, Protocol::encodeHello(again.hello()));
    }
};

QTEST_GUILESS_MAIN(TestAccounts)
#include "tst_accounts.moc"
