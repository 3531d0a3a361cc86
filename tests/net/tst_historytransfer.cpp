// History for a new device (#18, protocol.md "History for a new device"): once linked, the new
// device gets the history of the device that linked it, a page at a time, and a transfer cut
// off resumes where it stopped without storing anything twice. In-process nodes on loopback.
#include "chat/messenger.h"
#include "linkeddevices.h"
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "store/database.h"
#include "store/historytransfer.h"
#include "store/peerrepository.h"
#include "store/sqlsupport.h"
#include "testnode.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tincan;

namespace {
using LinkedDevices::Timeout;
const QString Local = QStringLiteral("127.0.0.1");

qint64 count(TestNode &node, const QString &where = QStringLiteral("1"))
{
    return Sql::scalar(node->database().connection(),
                       QStringLiteral("SELECT count(*) FROM messages WHERE %1").arg(where))
        .toLongLong();
}
HistoryProgress progressOf(TestNode &node)
{
    return node->historyProgress().value_or(HistoryProgress{});
}
int unread(TestNode &node, const QString &conversation)
{
    const auto found = node->messenger().conversations().find(conversation);
    return found ? found->unread : -1;
}

// Ada's desktop wrote `sent` messages to Ben (queued: he is away) and got `received` from him,
// of which she read all but the last `unreadLeft`.
bool makeHistory(TestNode &desktop, TestNode &ben, int sent, int received, int unreadLeft)
{
    QString error;
    ben->sessions().connectTo(Local, desktop->port());
    if (!QTest::qWaitFor([&] { return ben->sessions().isConnected(desktop.id()); }, Timeout))
        return false;
    QStringList texts;
    for (int i = 0; i < received; ++i)
        texts << QStringLiteral("from Ben %1").arg(i);
    if (!ben->messenger().sendTexts(desktop.id(), texts.mid(0, received - unreadLeft), &error) ||
        !QTest::qWaitFor([&] { return count(desktop) == received - unreadLeft; }, Timeout) ||
        !desktop->messenger().markRead(ben.id()) ||
        !ben->messenger().sendTexts(desktop.id(), texts.mid(received - unreadLeft), &error) ||
        !QTest::qWaitFor([&] { return count(desktop) == received; }, Timeout))
        return false;
    texts.clear();
    for (int i = 0; i < sent; ++i)
        texts << QStringLiteral("to Ben %1").arg(i);
    return desktop->messenger().sendTexts(ben.id(), texts, &error).has_value();
}
} // namespace

class TestHistoryTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aNewDeviceGetsTheHistory()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode laptop(QStringLiteral("Ada laptop"));
        TestNode ben(QStringLiteral("Ben"));
        QVERIFY(makeHistory(desktop, ben, 1200, 30, 4));
        QCOMPARE(unread(desktop, ben.id()), 4);

        QVERIFY(LinkedDevices::link(desktop, laptop));
        QTRY_VERIFY_WITH_TIMEOUT(progressOf(laptop).done, Timeout);
        const HistoryProgress done = progressOf(laptop);
        QCOMPARE(done.source, desktop.id());
        QCOMPARE(done.received, 1230);
        QCOMPARE(done.total, 1230);
        QCOMPARE(count(laptop), 1230);
        QCOMPARE(
            count(laptop, QStringLiteral("outgoing = 1 AND sender_id = '%1'").arg(desktop.id())),
            1200);
        QCOMPARE(count(laptop, QStringLiteral("conversation_id = '%1'").arg(ben.id())), 1230);
        // What was unread on the desktop is unread here; Ben has his name.
        QCOMPARE(unread(laptop, ben.id()), 4);
        QCOMPARE(laptop->peers().find(ben.id())->name, QStringLiteral("Ben"));
        // The conversation reads as on the desktop, newest first.
        QTRY_COMPARE_WITH_TIMEOUT(
            laptop->messenger().messages().history(ben.id(), 1)->messages.constFirst().body,
            QStringLiteral("to Ben 1199"), Timeout);
    }

    // The link drops after the first page and the laptop restarts: it goes on from its cursor.
    void aCutTransferResumesWithoutDuplicates()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode laptop(QStringLiteral("Ada laptop"));
        TestNode ben(QStringLiteral("Ben"));
        QVERIFY(makeHistory(desktop, ben, 1600, 0, 0));
        const QString desktopId = desktop.id();
        bool cut = false;
        QObject guard;
        connect(&laptop.node(), &Node::changed, &guard, [&](const NodeChange &change) {
            const HistoryProgress now = progressOf(laptop);
            if (!cut && change.kind == ChangeKind::Devices && now.received > 0) {
                cut = true; // before the next page is asked for
                QVERIFY(!now.done);
                laptop->sessions().disconnectPeer(desktopId, QStringLiteral("cut"));
            }
        });
        QVERIFY(LinkedDevices::link(desktop, laptop));
        QTRY_VERIFY_WITH_TIMEOUT(cut, Timeout);
        const qint64 first = progressOf(laptop).received;
        QVERIFY2(first > 0 && first < 1600, qPrintable(QString::number(first)));
        QCOMPARE(count(laptop), first);

        const QString dir = laptop.profileDir();
        laptop.stop();
        TestNode again(QStringLiteral("Ada laptop"), dir);
        QCOMPARE(progressOf(again).received, first);
        QVERIFY(!progressOf(again).done);
        again->sessions().connectTo(Local, desktop->port());
        QTRY_VERIFY_WITH_TIMEOUT(progressOf(again).done, Timeout);
        QCOMPARE(progressOf(again).received, 1600);
        QCOMPARE(count(again), 1600);
        QCOMPARE(Sql::scalar(again->database().connection(),
                             QStringLiteral("SELECT count(DISTINCT uuid) FROM messages"))
                     .toLongLong(),
                 1600);
    }

    // By default the last 90 days and every conversation's newest 50; all of it on request.
    void theDefaultIsRecentHistoryAndEachLatestPage()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode ben(QStringLiteral("Ben"));
        QVERIFY(makeHistory(desktop, ben, 120, 0, 0));
        const HistoryTransfer source(desktop->database(), desktop.id());
        const QString laptop(64, u'c');
        const QDateTime later = QDateTime::currentDateTimeUtc().addDays(100);
        const auto recent = source.chunkAfter(0, laptop, false, 500, 1 << 20, later);
        QVERIFY(recent && recent->done);
        QCOMPARE(recent->items.size(), HistoryTransfer::LatestPage);
        QCOMPARE(recent->items.constLast().body, QStringLiteral("to Ben 119"));
        QCOMPARE(recent->items.constFirst().body, QStringLiteral("to Ben 70"));
        const auto all = source.chunkAfter(0, laptop, true, 500, 1 << 20, later);
        QVERIFY(all && all->done);
        QCOMPARE(all->items.size(), 120);
        // Pages: at most the count asked, the rest announced.
        const auto first = source.chunkAfter(0, laptop, true, 50, 1 << 20, later);
        QVERIFY(first && !first->done);
        QCOMPARE(first->items.size(), 50);
        QCOMPARE(first->remaining, 70);
        // The conversation with the asking device itself stays out.
        QCOMPARE(source.chunkAfter(0, ben.id(), true, 500, 1 << 20, later)->items.size(), 0);
    }

    // Only the person's own devices get it: Ben asking gets no page.
    void nobodyElseGetsTheHistory()
    {
        TestNode desktop(QStringLiteral("Ada"));
        TestNode ben(QStringLiteral("Ben"));
        QVERIFY(makeHistory(desktop, ben, 10, 0, 0));
        QSignalSpy heard(&ben->sessions(), &SessionManager::messageReceived);
        ben->sessions().send(desktop.id(), QCborMap{{QStringLiteral("t"), QStringLiteral("hreq")},
                                                    {QStringLiteral("after"), 0},
                                                    {QStringLiteral("all"), true}});
        // A message after it: once its ack is back, any answer to the request was back too.
        QString error;
        const auto barrier = ben->sendText(desktop.id(), QStringLiteral("barrier"), {}, &error);
        QVERIFY2(barrier, qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(ben->messenger().messages().find(barrier->uuid)->state,
                                  MessageState::Delivered, Timeout);
        for (const QList<QVariant> &frame : std::as_const(heard))
            QVERIFY(Protocol::typeOf(frame.at(1).value<QCborMap>()) != QStringLiteral("hpage"));
        QCOMPARE(count(ben), 11); // his barrier and Ada's ten, nothing of hers besides
    }
};

QTEST_GUILESS_MAIN(TestHistoryTransfer)
#include "tst_historytransfer.moc"
