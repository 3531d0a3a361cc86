// Several devices of one person (#18, protocol.md "Linking a device"): a new device joins an
// account with a one-time code once both users confirm the same number, contacts learn the
// new list at once, and a revoked device is refused everywhere. In-process nodes on loopback.
#include "crypto/account.h"
#include "devices/devicelinker.h"
#include "linkeddevices.h"
#include "net/sessionmanager.h"
#include "rawtlspeer.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tincan;
using namespace std::chrono_literals;

namespace {
using LinkedDevices::link;
using LinkedDevices::stageOf;
using LinkedDevices::Timeout;
using Stage = DeviceLinking::Stage;

QString errorOf(TestNode &node)
{
    const auto state = node->deviceLinking();
    return state ? state->error : QString();
}
QString accountOf(TestNode &node, const QString &deviceId)
{
    const auto record = node->peers().find(deviceId);
    return record ? record->accountId : QString();
}
quint64 listVersionAt(TestNode &node, const QString &accountId)
{
    const auto list = node->peers().account(accountId);
    return list ? list->version : 0;
}
} // namespace

class TestDeviceLinking : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aNewDeviceJoinsTheAccountAndContactsSeeIt()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode laptop(QStringLiteral("Ada laptop"));
        TestNode ben(QStringLiteral("Ben"));
        const QString ada = desktop->accountId();
        ben->sessions().connectTo(QStringLiteral("127.0.0.1"), desktop->port());
        // The laptop met Ben under the account it made at its first start.
        laptop->sessions().connectTo(QStringLiteral("127.0.0.1"), ben->port());
        QTRY_VERIFY_WITH_TIMEOUT(ben->sessions().isConnected(desktop.id()), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(accountOf(ben, laptop.id()), laptop->accountId(), Timeout);

        QVERIFY(link(desktop, laptop));
        QCOMPARE(laptop->accountId(), ada);
        QCOMPARE(desktop->account().devices().devices, (QStringList{desktop.id(), laptop.id()}));
        QCOMPARE(desktop->account().devices().version, quint64(2));
        QCOMPARE(laptop->account().devices().version, quint64(2));
        // Ben hears the new list from the desktop at once, and the laptop, back with the
        // account in its hello, is Ada's device at Ben's now.
        QTRY_COMPARE_WITH_TIMEOUT(listVersionAt(ben, ada), quint64(2), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(ben->sessions().isConnected(laptop.id()), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(accountOf(ben, laptop.id()), ada, Timeout);
        // Ada's two devices know each other as hers, by name, and link up by themselves.
        QTRY_VERIFY_WITH_TIMEOUT(desktop->sessions().isConnected(laptop.id()), Timeout);
        QCOMPARE(laptop->peers().find(desktop.id())->name, QStringLiteral("Ada"));
        QCOMPARE(laptop->peers().find(desktop.id())->trust, Trust::Verified);
        QCOMPARE(desktop->peers().find(laptop.id())->trust, Trust::Verified);
        QCOMPARE(accountOf(desktop, laptop.id()), ada);

        // The account stays the laptop's across a restart.
        const QString dir = laptop.profileDir();
        laptop.stop();
        TestNode again(QStringLiteral("Ada laptop"), dir);
        QCOMPARE(again->accountId(), ada);
    }

    void aCodeWorksOnceAndAWrongOneIsRefused()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode laptop(QStringLiteral("Ada laptop"));
        TestNode thief(QStringLiteral("Eve"));
        QString error;
        QVERIFY(!laptop->joinAccount(QStringLiteral("hello"), &error));
        QVERIFY2(error.contains(QStringLiteral("not a device link code")), qPrintable(error));
        const QString code = desktop->linkNewDevice(&error)->code;
        QVERIFY(!laptop->joinAccount(code.left(code.indexOf(u'?') + 10), &error));
        QVERIFY2(error.contains(QStringLiteral("incomplete")), qPrintable(error));

        // Another secret: the desktop knows no such code, and its own stays open.
        QString forged = code;
        const qsizetype k = forged.indexOf(QStringLiteral("k=")) + 2;
        forged[k] = forged[k] == u'0' ? u'1' : u'0';
        QVERIFY(thief->joinAccount(forged, &error));
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(thief), Stage::Failed, Timeout);
        QVERIFY2(errorOf(thief).contains(QStringLiteral("unknown, used or expired")),
                 qPrintable(errorOf(thief)));
        QCOMPARE(stageOf(desktop), Stage::Waiting);

        QVERIFY(laptop->joinAccount(code, &error));
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(desktop), Stage::Confirm, Timeout);
        QVERIFY(laptop->confirmDeviceLink(true, &error));
        QVERIFY(desktop->confirmDeviceLink(true, &error));
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(laptop), Stage::Done, Timeout);

        // Used: the same code again gets nowhere.
        QVERIFY(thief->joinAccount(code, &error));
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(thief), Stage::Failed, Timeout);
        QVERIFY(errorOf(thief).contains(QStringLiteral("unknown, used or expired")));
        QCOMPARE(desktop->account().devices().devices.size(), 2);
    }

    void aCodeExpires()
    {
        NodeConfig config = TestNode::defaultConfig();
        config.linkCodeLifetime = 300ms;
        TestNode desktop(QStringLiteral("Ada"), config);
        TestNode laptop(QStringLiteral("Ada laptop"));
        QString error;
        const QString code = desktop->linkNewDevice(&error)->code;
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(desktop), Stage::Failed, Timeout);
        QVERIFY(errorOf(desktop).contains(QStringLiteral("expired")));
        QVERIFY(laptop->joinAccount(code, &error));
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(laptop), Stage::Failed, Timeout);
        QCOMPARE(desktop->account().devices().devices.size(), 1);
    }

    void declinedOnEitherSideChangesNothing()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode laptop(QStringLiteral("Ada laptop"));
        const QString laptopAccount = laptop->accountId();
        QString error;
        QVERIFY(laptop->joinAccount(desktop->linkNewDevice(&error)->code, &error));
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(desktop), Stage::Confirm, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(laptop), Stage::Confirm, Timeout);
        QVERIFY(laptop->confirmDeviceLink(true, &error));
        QVERIFY(desktop->confirmDeviceLink(false, &error)); // not the number the laptop shows
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(laptop), Stage::Failed, Timeout);
        QVERIFY2(errorOf(laptop).contains(QStringLiteral("declined")), qPrintable(errorOf(laptop)));
        QCOMPARE(desktop->account().devices().version, quint64(1));
        QCOMPARE(laptop->accountId(), laptopAccount);
        QVERIFY(!desktop->confirmDeviceLink(true, &error));
    }

    void onlyANewProfileJoins()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode used(QStringLiteral("Ada old laptop"));
        TestNode ben(QStringLiteral("Ben"));
        used->sessions().connectTo(QStringLiteral("127.0.0.1"), ben->port());
        QTRY_VERIFY_WITH_TIMEOUT(used->sessions().isConnected(ben.id()), Timeout);
        QString error;
        QVERIFY(used->sendText(ben.id(), QStringLiteral("hi"), {}, &error));
        QVERIFY(!used->joinAccount(desktop->linkNewDevice(&error)->code, &error));
        QVERIFY2(error.contains(QStringLiteral("only a new profile")), qPrintable(error));
    }

    void aRevokedDeviceIsRefusedEverywhere()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode laptop(QStringLiteral("Ada laptop"));
        TestNode ben(QStringLiteral("Ben"));
        const QString ada = desktop->accountId();
        QVERIFY(link(desktop, laptop));
        ben->sessions().connectTo(QStringLiteral("127.0.0.1"), desktop->port());
        laptop->sessions().connectTo(QStringLiteral("127.0.0.1"), ben->port());
        laptop->sessions().connectTo(QStringLiteral("127.0.0.1"), desktop->port());
        QTRY_VERIFY_WITH_TIMEOUT(ben->sessions().isConnected(laptop.id()), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(desktop->sessions().isConnected(laptop.id()), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(ben->sessions().isConnected(desktop.id()), Timeout);

        QString error;
        QVERIFY(!desktop->revokeDevice(desktop.id(), &error));
        QSignalSpy benRefused(&ben->sessions(), &SessionManager::sessionRefused);
        QSignalSpy desktopRefused(&desktop->sessions(), &SessionManager::sessionRefused);
        QVERIFY2(desktop->revokeDevice(laptop.id(), &error), qPrintable(error));
        QCOMPARE(desktop->account().devices().devices, QStringList{desktop.id()});
        // Ben hears the list at once and ends the laptop's link; the laptop learns it is out.
        QTRY_COMPARE_WITH_TIMEOUT(listVersionAt(ben, ada), quint64(3), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!ben->sessions().isConnected(laptop.id()), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!desktop->sessions().isConnected(laptop.id()), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(laptop->isRevoked(), Timeout);
        // Its next sessions are refused by both, though it still shows the list that named it.
        laptop->sessions().connectTo(QStringLiteral("127.0.0.1"), ben->port());
        laptop->sessions().connectTo(QStringLiteral("127.0.0.1"), desktop->port());
        QTRY_VERIFY_WITH_TIMEOUT(benRefused.count() > 0 && desktopRefused.count() > 0, Timeout);
        QVERIFY(benRefused.constLast().at(1).toString().contains(QStringLiteral("removed")));
        QVERIFY(desktopRefused.constLast().at(1).toString().contains(QStringLiteral("removed")));
        QVERIFY(!ben->sessions().isConnected(laptop.id()));
        QVERIFY(ben->sessions().isConnected(desktop.id()));
        QVERIFY(!laptop->linkNewDevice(&error));
    }

    // A device that shows Ada's signed list without being on it: a man in the middle who
    // copied her hello. Refused before anything is stored.
    void aDeviceOffTheSignedListIsRefused()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode ben(QStringLiteral("Ben"));
        RawTlsPeer mallory;
        Protocol::Hello hello = mallory.hello();
        hello.account = desktop->account().devices().signedForm;
        mallory.connectTo(ben->port());
        QTRY_VERIFY_WITH_TIMEOUT(mallory.isEncrypted(), Timeout);
        mallory.send(Protocol::encodeHello(hello));
        QTRY_VERIFY_WITH_TIMEOUT(mallory.isDisconnected(), Timeout);
        QVERIFY(!ben->sessions().isConnected(mallory.id()));
        QVERIFY(!ben->peers().find(mallory.id()));
        QCOMPARE(listVersionAt(ben, desktop->accountId()), quint64(0));
    }
};

QTEST_GUILESS_MAIN(TestDeviceLinking)
#include "tst_devicelinking.moc"
