#include "models/conversationsmodel.h"
#include "modeltestutil.h"

#include <QAbstractItemModelTester>

using namespace Tincan;
using namespace ModelTest;

class TestConversationsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newMessagesInsertThenUpdateRowsWithoutReset()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob")),
            carol(QStringLiteral("Carol"));
        QVERIFY(link(alice, bob));
        QVERIFY(link(alice, carol));
        ConversationsModel inbox(alice.node(), ConversationFilter::Inbox);
        ConversationsModel requests(alice.node(), ConversationFilter::Requests);
        QAbstractItemModelTester tester(&inbox,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Changes changes(&inbox);

        // Alice writes to Bob: a new row at the top, with the preview.
        QVERIFY(!send(alice, bob, QStringLiteral("hello bob")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(inbox.rowCount(), 1, Timeout);
        QCOMPARE(changes.inserted.size(), 1);
        QCOMPARE(inbox.index(0).data(ConversationsModel::PreviewRole).toString(),
                 QStringLiteral("hello bob"));
        QCOMPARE(inbox.index(0).data(ConversationsModel::LastOutgoingRole).toBool(), true);
        QCOMPARE(inbox.index(0).data(ConversationsModel::OnlineRole).toBool(), true);

        // Its delivery state follows: delivered once Bob committed it.
        QTRY_COMPARE_WITH_TIMEOUT(inbox.index(0).data(ConversationsModel::LastStateRole).toInt(),
                                  int(MessageState::Delivered), Timeout);

        // Carol, not a contact, writes: a message request, not an inbox row.
        QVERIFY(!send(carol, alice, QStringLiteral("hi, I'm Carol")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(requests.rowCount(), 1, Timeout);
        QCOMPARE(requests.index(0).data(ConversationsModel::IsRequestRole).toBool(), true);
        QCOMPARE(requests.index(0).data(ConversationsModel::UnreadRole).toInt(), 1);
        QCOMPARE(inbox.rowCount(), 1);

        // Alice accepts Carol's request: it moves into the inbox, on top, with no refresh.
        QString error;
        QVERIFY2(alice->acceptRequest(carol.id(), &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(requests.rowCount(), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(inbox.rowCount(), 2, Timeout);
        QCOMPARE(inbox.index(0).data(ConversationsModel::IdRole).toString(), carol.id());
        QCOMPARE(inbox.totalUnread(), 1);

        // Bob answers: his row moves up, one move and updates, never a reset.
        changes.clear();
        QVERIFY(!send(bob, alice, QStringLiteral("hi alice")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(inbox.index(0).data(ConversationsModel::IdRole).toString(),
                                  bob.id(), Timeout);
        QCOMPARE(inbox.index(0).data(ConversationsModel::UnreadRole).toInt(), 1);
        QCOMPARE(inbox.index(0).data(ConversationsModel::PreviewRole).toString(),
                 QStringLiteral("hi alice"));
        QCOMPARE(changes.moved.size(), 1);
        QCOMPARE(changes.inserted.size(), 0);
        QCOMPARE(changes.reset.size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(inbox.totalUnread(), 2, Timeout);

        // Reading it clears the badge in place.
        changes.clear();
        QVERIFY(alice->messenger().markRead(bob.id()));
        QTRY_COMPARE_WITH_TIMEOUT(inbox.index(0).data(ConversationsModel::UnreadRole).toInt(), 0,
                                  Timeout);
        QCOMPARE(changes.moved.size(), 0);
        QCOMPARE(changes.reset.size(), 0);
    }

    void typingShowsOnTheRow()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob"));
        QVERIFY(link(alice, bob));
        QVERIFY(!send(alice, bob, QStringLiteral("ping")).isEmpty());
        ConversationsModel inbox(alice.node(), ConversationFilter::Inbox);
        QTRY_COMPARE_WITH_TIMEOUT(inbox.rowCount(), 1, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(bob->messenger().conversations().find(alice.id()).has_value(),
                                 Timeout);
        bob->messenger().setTyping(alice.id(), true);
        QTRY_VERIFY_WITH_TIMEOUT(inbox.index(0).data(ConversationsModel::TypingRole).toBool(),
                                 Timeout);
        bob->messenger().setTyping(alice.id(), false);
        QTRY_VERIFY_WITH_TIMEOUT(!inbox.index(0).data(ConversationsModel::TypingRole).toBool(),
                                 Timeout);
    }
};

QTEST_MAIN(TestConversationsModel)
#include "tst_conversationsmodel.moc"
