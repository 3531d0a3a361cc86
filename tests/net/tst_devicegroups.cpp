// Groups with a member on several devices (#18): Ben's group has Ada (added by her desktop) and
// Cy. Ada's laptop gets the group and its messages too, writes in it as Ada, and once Ben
// removes Ada, neither of her devices gets anything new. In-process nodes on loopback.
#include "chat/messenger.h"
#include "groups/groupmanager.h"
#include "linkeddevices.h"
#include "net/sessionmanager.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QTest>

using namespace Tincan;

namespace {
using LinkedDevices::message;
using LinkedDevices::Timeout;
const QString Local = QStringLiteral("127.0.0.1");

} // namespace

class TestDeviceGroups : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aMemberIsInTheGroupOnEveryDevice()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode laptop(QStringLiteral("Ada laptop"));
        TestNode ben(QStringLiteral("Ben"));
        TestNode cy(QStringLiteral("Cy"));
        QVERIFY(LinkedDevices::link(desktop, laptop));
        for (TestNode *node : {&desktop, &laptop, &cy})
            (*node)->sessions().connectTo(Local, ben->port());
        laptop->sessions().connectTo(Local, desktop->port());
        laptop->sessions().connectTo(Local, cy->port());
        // Cy meets the desktop too: a device is Ada's at Cy only once it showed her account
        // there itself (anyone may sign a list that names any device).
        cy->sessions().connectTo(Local, desktop->port());
        QTRY_VERIFY_WITH_TIMEOUT(ben->sessions().connectedPeers().size() == 3 &&
                                     laptop->sessions().isConnected(desktop.id()) &&
                                     laptop->sessions().isConnected(cy.id()) &&
                                     cy->sessions().isConnected(desktop.id()),
                                 Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(ben->peers().find(laptop.id())->accountId, desktop->accountId(),
                                  Timeout);

        QString error;
        const auto group =
            ben->groups().createGroup(QStringLiteral("Trip"), {desktop.id(), cy.id()}, &error);
        QVERIFY2(group, qPrintable(error));
        // The laptop has the group too, accepted, though only the desktop was added.
        QTRY_VERIFY_WITH_TIMEOUT(laptop->messenger().conversations().find(*group), Timeout);
        QCOMPARE(laptop->messenger().conversations().find(*group)->requestState,
                 desktop->messenger().conversations().find(*group)->requestState);
        QCOMPARE(laptop->groups().members(*group).size(), 3);

        // Ben writes: both of Ada's devices and Cy get it.
        const auto hello = ben->sendText(*group, QStringLiteral("train at nine"), {}, &error);
        QVERIFY2(hello, qPrintable(error));
        for (TestNode *node : {&desktop, &laptop, &cy})
            QTRY_VERIFY_WITH_TIMEOUT(message(*node, hello->uuid), Timeout);

        // Ada answers from the laptop: Ben and Cy have it from her; the desktop as its own.
        const auto answer = laptop->sendText(*group, QStringLiteral("I'll be there"), {}, &error);
        QVERIFY2(answer, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(message(ben, answer->uuid), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(message(cy, answer->uuid), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(message(desktop, answer->uuid), Timeout);
        QVERIFY(message(desktop, answer->uuid)->outgoing);
        QVERIFY(!message(cy, answer->uuid)->outgoing);
        QCOMPARE(message(cy, answer->uuid)->senderId, laptop.id());

        // Removing Ada removes both of her devices.
        QVERIFY2(ben->groups().remove(*group, desktop.id(), &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(cy->groups().members(*group).size(), 2, Timeout);
        const auto after = ben->sendText(*group, QStringLiteral("without Ada"), {}, &error);
        QVERIFY2(after, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(message(cy, after->uuid), Timeout);
        QCOMPARE(ben->messenger().outbox().pendingCount(desktop.id()), 0);
        QCOMPARE(ben->messenger().outbox().pendingCount(laptop.id()), 0);
        // The laptop learns it too, and can no longer write there.
        QTRY_COMPARE_WITH_TIMEOUT(laptop->groups().members(*group).size(), 2, Timeout);
        QVERIFY(!laptop->sendText(*group, QStringLiteral("wait for me"), {}, &error));
    }
};

QTEST_GUILESS_MAIN(TestDeviceGroups)
#include "tst_devicegroups.moc"
