// One person on several devices holds one conversation (#18, protocol.md "Several devices"):
// a message to Ada reaches each of her devices, what she sends or reads on one shows on the
// others, and a revoked device gets nothing new. In-process nodes on loopback.
#include "chat/messenger.h"
#include "groups/groupeventline.h"
#include "linkeddevices.h"
#include "net/sessionmanager.h"
#include "store/historytransfer.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QTest>

using namespace Tincan;

namespace {
using LinkedDevices::message;
using LinkedDevices::Timeout;

const QString Local = QStringLiteral("127.0.0.1");

int unread(TestNode &node, const QString &conversation)
{
    const auto found = node->messenger().conversations().find(conversation);
    return found ? found->unread : -1;
}
// The newest event line of a conversation, in words.
QString lastNotice(TestNode &node, const QString &conversation)
{
    const auto page = node->messenger().messages().history(conversation, 50);
    for (const MessageRecord &m : page ? page->messages : QList<MessageRecord>{}) {
        if (m.kind == MessageKind::Event)
            return describeGroupEventLine(m.body, node.id(),
                                          [&](const QString &id) { return node->nameOf(id); });
    }
    return {};
}
int pendingFor(TestNode &node, const QString &device)
{
    return node->messenger().outbox().pendingCount(device);
}
} // namespace

class TestDeviceFanOut : public QObject
{
    Q_OBJECT

    // Ada's desktop, her laptop linked to it, and Ben, who knew the desktop before: all three
    // connected to each other.
    struct People
    {
        TestNode desktop{QStringLiteral("Ada")};
        TestNode laptop{QStringLiteral("Ada laptop")};
        TestNode ben{QStringLiteral("Ben")};

        bool connectAll()
        {
            ben->sessions().connectTo(Local, desktop->port());
            laptop->sessions().connectTo(Local, ben->port());
            laptop->sessions().connectTo(Local, desktop->port());
            return QTest::qWaitFor(
                [&] {
                    return ben->sessions().isConnected(desktop.id()) &&
                           ben->sessions().isConnected(laptop.id()) &&
                           desktop->sessions().isConnected(laptop.id());
                },
                Timeout);
        }

        // The laptop joins Ada's account, all three connect, and Ben knows the laptop as hers.
        bool linkAndMeet()
        {
            return LinkedDevices::link(desktop, laptop) && connectAll() &&
                   QTest::qWaitFor(
                       [&] {
                           const auto known = ben->peers().find(laptop.id());
                           return known && known->accountId == desktop->accountId();
                       },
                       Timeout);
        }
    };

private Q_SLOTS:
    void aPersonIsOneConversationOnEveryDevice()
    {
        People p;
        QString error;
        // Ben and Ada's desktop talked before the laptop existed.
        p.ben->sessions().connectTo(Local, p.desktop->port());
        QTRY_VERIFY_WITH_TIMEOUT(p.ben->sessions().isConnected(p.desktop.id()), Timeout);
        const auto before = p.ben->sendText(p.desktop.id(), QStringLiteral("before"), {}, &error);
        QVERIFY2(before, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(message(p.desktop, before->uuid), Timeout);
        QVERIFY(p.linkAndMeet());
        // Ben is told, in their conversation, and Ada's account is still one conversation.
        QTRY_COMPARE_WITH_TIMEOUT(lastNotice(p.ben, p.desktop.id()),
                                  QStringLiteral("Ada added a device: Ada laptop"), Timeout);
        QCOMPARE(p.ben->messenger().conversations().list()->size(), 1);
        // The laptop has what came before it through the desktop's history.
        QTRY_VERIFY_WITH_TIMEOUT(p.laptop->historyProgress() && p.laptop->historyProgress()->done,
                                 Timeout);
        QCOMPARE(message(p.laptop, before->uuid)->conversationId, p.ben.id());

        // Ben writes to Ada: both of her devices get it, each unread there.
        const auto hello = p.ben->sendText(p.desktop.id(), QStringLiteral("hello Ada"), {}, &error);
        QVERIFY2(hello, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(message(p.desktop, hello->uuid), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(message(p.laptop, hello->uuid), Timeout);
        QCOMPARE(message(p.laptop, hello->uuid)->conversationId, p.ben.id());
        QCOMPARE(unread(p.desktop, p.ben.id()), 2);
        QCOMPARE(unread(p.laptop, p.ben.id()), 2);
        QTRY_COMPARE_WITH_TIMEOUT(message(p.ben, hello->uuid)->state, MessageState::Delivered,
                                  Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            pendingFor(p.ben, p.laptop.id()) + pendingFor(p.ben, p.desktop.id()), 0, Timeout);

        // Ada answers from the laptop: Ben has it once, in the conversation he knows; the
        // desktop shows it as hers, sent.
        const auto reply =
            p.laptop->sendText(p.ben.id(), QStringLiteral("hi Ben, from the laptop"), {}, &error);
        QVERIFY2(reply, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(message(p.ben, reply->uuid), Timeout);
        QCOMPARE(message(p.ben, reply->uuid)->conversationId, p.desktop.id());
        QTRY_VERIFY_WITH_TIMEOUT(message(p.desktop, reply->uuid), Timeout);
        const MessageRecord copy = *message(p.desktop, reply->uuid);
        QVERIFY(copy.outgoing);
        QCOMPARE(copy.conversationId, p.ben.id());
        QCOMPARE(copy.senderId, p.laptop.id());
        QCOMPARE(copy.body, QStringLiteral("hi Ben, from the laptop"));
        QCOMPARE(unread(p.desktop, p.ben.id()), 2); // her own words are never unread
        QTRY_COMPARE_WITH_TIMEOUT(message(p.laptop, reply->uuid)->state, MessageState::Delivered,
                                  Timeout);

        // She reads on the laptop: the desktop's badge clears, and Ben sees it read.
        QVERIFY(p.laptop->messenger().markRead(p.ben.id()));
        QTRY_COMPARE_WITH_TIMEOUT(unread(p.desktop, p.ben.id()), 0, Timeout);
        QCOMPARE(message(p.desktop, hello->uuid)->state, MessageState::Read);
        QCOMPARE(message(p.desktop, before->uuid)->state, MessageState::Read);
        QTRY_COMPARE_WITH_TIMEOUT(message(p.ben, hello->uuid)->state, MessageState::Read, Timeout);

        // An edit on the laptop reaches Ben and the desktop's copy.
        QCOMPARE(p.laptop->messenger().editMessage(reply->uuid, QStringLiteral("hi Ben!")),
                 ChangeResult::Applied);
        QTRY_COMPARE_WITH_TIMEOUT(message(p.ben, reply->uuid)->body, QStringLiteral("hi Ben!"),
                                  Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(message(p.desktop, reply->uuid)->body, QStringLiteral("hi Ben!"),
                                  Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            pendingFor(p.laptop, p.desktop.id()) + pendingFor(p.laptop, p.ben.id()), 0, Timeout);
    }

    void anOfflineDeviceCatchesUpWhenItReturns()
    {
        People p;
        QString error;
        QVERIFY(p.linkAndMeet());
        const QString desktopId = p.desktop.id();
        p.desktop.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!p.ben->sessions().isConnected(desktopId), Timeout);

        const auto hello =
            p.ben->sendText(p.laptop.id(), QStringLiteral("are you there?"), {}, &error);
        QVERIFY2(hello, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(message(p.laptop, hello->uuid), Timeout);
        // Delivered to Ada once her laptop has it, though the desktop still waits.
        QTRY_COMPARE_WITH_TIMEOUT(message(p.ben, hello->uuid)->state, MessageState::Delivered,
                                  Timeout);
        QCOMPARE(pendingFor(p.ben, desktopId), 1);
        const auto reply = p.laptop->sendText(p.ben.id(), QStringLiteral("yes"), {}, &error);
        QVERIFY2(reply, qPrintable(error));
        QVERIFY(p.laptop->messenger().markRead(p.ben.id()));
        QCOMPARE(pendingFor(p.laptop, desktopId), 2); // the copy and the read

        QVERIFY(p.desktop.start());
        p.desktop->sessions().connectTo(Local, p.ben->port());
        p.desktop->sessions().connectTo(Local, p.laptop->port());
        QTRY_VERIFY_WITH_TIMEOUT(message(p.desktop, hello->uuid), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(message(p.desktop, reply->uuid), Timeout);
        QVERIFY(message(p.desktop, reply->uuid)->outgoing);
        QTRY_COMPARE_WITH_TIMEOUT(unread(p.desktop, p.ben.id()), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(pendingFor(p.ben, p.desktop.id()), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(pendingFor(p.laptop, p.desktop.id()), 0, Timeout);
        QCOMPARE(message(p.ben, reply->uuid)->conversationId, p.laptop.id());
    }

    void aRevokedDeviceReceivesNothingNew()
    {
        People p;
        QString error;
        QVERIFY(p.linkAndMeet());
        QVERIFY(p.ben->messenger().conversations().direct(p.desktop.id()));
        QVERIFY2(p.desktop->revokeDevice(p.laptop.id(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!p.ben->sessions().isConnected(p.laptop.id()), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(lastNotice(p.ben, p.desktop.id()),
                                  QStringLiteral("Ada removed a device: Ada laptop"), Timeout);

        const auto after = p.ben->sendText(p.desktop.id(), QStringLiteral("after"), {}, &error);
        QVERIFY2(after, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(message(p.desktop, after->uuid), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(message(p.ben, after->uuid)->state, MessageState::Delivered,
                                  Timeout);
        // Nothing waits for the laptop: it is no longer among Ada's devices.
        QCOMPARE(pendingFor(p.ben, p.laptop.id()), 0);
        QVERIFY(!message(p.laptop, after->uuid));
        // Nor does the desktop copy what it sends to the laptop.
        const auto own = p.desktop->sendText(p.ben.id(), QStringLiteral("mine"), {}, &error);
        QVERIFY2(own, qPrintable(error));
        QCOMPARE(pendingFor(p.desktop, p.laptop.id()), 0);
    }
};

QTEST_GUILESS_MAIN(TestDeviceFanOut)
#include "tst_devicefanout.moc"
