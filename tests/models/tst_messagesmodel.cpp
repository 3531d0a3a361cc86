#include "models/messagesmodel.h"
#include "modeltestutil.h"

#include <QAbstractItemModelTester>

using namespace Tincan;
using namespace ModelTest;

namespace {
QVariant at(const MessagesModel &model, int row, int role)
{
    return model.index(row).data(role);
}
} // namespace

class TestMessagesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void incomingAndOutgoingInsertAtTheBottomAndStatesUpdate()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob"));
        QVERIFY(link(alice, bob));
        QVERIFY(!send(alice, bob, QStringLiteral("first")).isEmpty());
        MessagesModel model(alice.node());
        model.setConversationId(bob.id());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1);
        Changes changes(&model);

        const QString uuid = send(alice, bob, QStringLiteral("second"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(changes.inserted.size(), 1);
        QCOMPARE(changes.inserted.first().at(1).toInt(), 0); // newest first: row 0
        QCOMPARE(at(model, 0, MessagesModel::BodyRole).toString(), QStringLiteral("second"));
        QCOMPARE(at(model, 0, MessagesModel::OutgoingRole).toBool(), true);
        // Same sender, same minute: one group. The older row is no longer its group's last.
        QCOMPARE(at(model, 1, MessagesModel::FirstInGroupRole).toBool(), true);
        QCOMPARE(at(model, 1, MessagesModel::LastInGroupRole).toBool(), false);
        QCOMPARE(at(model, 0, MessagesModel::FirstInGroupRole).toBool(), false);
        QCOMPARE(at(model, 0, MessagesModel::LastInGroupRole).toBool(), true);
        QCOMPARE(at(model, 1, MessagesModel::NewDayRole).toBool(), true);
        QCOMPARE(at(model, 0, MessagesModel::NewDayRole).toBool(), false);

        // The state moves to delivered in place, then to read.
        QTRY_COMPARE_WITH_TIMEOUT(at(model, 0, MessagesModel::StateRole).toInt(),
                                  int(MessageState::Delivered), Timeout);
        QVERIFY(bob->messenger().markRead(alice.id()));
        QTRY_COMPARE_WITH_TIMEOUT(at(model, 0, MessagesModel::StateRole).toInt(),
                                  int(MessageState::Read), Timeout);

        // Bob answers with a reply: a new group, with the quote.
        changes.clear();
        QVERIFY(!send(bob, alice, QStringLiteral("answer https://example.org/x"), uuid).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, Timeout);
        QCOMPARE(changes.inserted.size(), 1);
        QCOMPARE(changes.reset.size(), 0);
        QCOMPARE(at(model, 0, MessagesModel::OutgoingRole).toBool(), false);
        QCOMPARE(at(model, 0, MessagesModel::FirstInGroupRole).toBool(), true);
        QCOMPARE(at(model, 0, MessagesModel::ReplyBodyRole).toString(), QStringLiteral("second"));
        QCOMPARE(at(model, 0, MessagesModel::SenderNameRole).toString(), QStringLiteral("Bob"));
        QVERIFY(at(model, 0, MessagesModel::HtmlRole)
                    .toString()
                    .contains(QStringLiteral("<a href=\"https://example.org/x\">")));

        // Edits and deletions change the row, not the row count.
        changes.clear();
        QCOMPARE(alice->messenger().editMessage(uuid, QStringLiteral("second, edited")),
                 ChangeResult::Applied);
        QCOMPARE(at(model, 1, MessagesModel::BodyRole).toString(),
                 QStringLiteral("second, edited"));
        QCOMPARE(at(model, 1, MessagesModel::EditedRole).toBool(), true);
        QCOMPARE(at(model, 0, MessagesModel::ReplyBodyRole).toString(),
                 QStringLiteral("second, edited"));
        QCOMPARE(alice->messenger().deleteMessage(uuid), ChangeResult::Applied);
        QCOMPARE(at(model, 1, MessagesModel::DeletedRole).toBool(), true);
        QCOMPARE(changes.inserted.size(), 0);
        QCOMPARE(changes.reset.size(), 0);
        QCOMPARE(model.lastOwnMessage(), at(model, 2, MessagesModel::UuidRole).toString());
    }

    void loadsLazilyInPagesAndFindsOlderMessages()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob"));
        QVERIFY(link(alice, bob));
        QString firstUuid;
        for (int i = 0; i < 120; ++i) {
            const QString uuid = send(alice, bob, QStringLiteral("message %1").arg(i));
            QVERIFY(!uuid.isEmpty());
            if (i == 0)
                firstUuid = uuid;
        }
        // No QAbstractItemModelTester here: it calls fetchMore itself, and paging is the point.
        MessagesModel model(alice.node());
        model.setPageSize(50);
        model.setConversationId(bob.id());
        QCOMPARE(model.rowCount(), 50); // one page, never all
        QVERIFY(model.canFetchMore({}));
        QCOMPARE(at(model, 0, MessagesModel::BodyRole).toString(), QStringLiteral("message 119"));
        QCOMPARE(at(model, 49, MessagesModel::NewDayRole).toBool(), false); // not known yet

        Changes changes(&model);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(changes.inserted.size(), 1);
        QCOMPARE(changes.inserted.first().at(1).toInt(), 50);
        QCOMPARE(changes.inserted.first().at(2).toInt(), 99);

        // A search hit far back: pages load until it is there.
        QCOMPARE(model.loadUntil(firstUuid), 119);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(at(model, 119, MessagesModel::NewDayRole).toBool(), true);
        QCOMPARE(changes.reset.size(), 0);
    }

    void unreadDividerAndTyping()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob"));
        QVERIFY(link(alice, bob));
        QVERIFY(!send(alice, bob, QStringLiteral("hi")).isEmpty());
        for (int i = 0; i < 3; ++i)
            QVERIFY(!send(bob, alice, QStringLiteral("news %1").arg(i)).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(alice->messenger().conversations().find(bob.id())->unread, 3,
                                  Timeout);

        MessagesModel model(alice.node());
        model.setConversationId(bob.id());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.firstUnreadUuid(), at(model, 2, MessagesModel::UuidRole).toString());
        QCOMPARE(at(model, 2, MessagesModel::FirstUnreadRole).toBool(), true);
        QCOMPARE(at(model, 1, MessagesModel::FirstUnreadRole).toBool(), false);
        model.clearUnreadMarker();
        QCOMPARE(at(model, 2, MessagesModel::FirstUnreadRole).toBool(), false);

        QSignalSpy typing(&model, &MessagesModel::peerTypingChanged);
        bob->messenger().setTyping(alice.id(), true);
        QTRY_VERIFY_WITH_TIMEOUT(model.peerTyping(), Timeout);
        QVERIFY(!send(bob, alice, QStringLiteral("done typing")).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!model.peerTyping(), Timeout); // a message ends the typing
        QCOMPARE(typing.size(), 2);
    }
};

QTEST_MAIN(TestMessagesModel)
#include "tst_messagesmodel.moc"
