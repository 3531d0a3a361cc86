// GroupMembersModel and the per-member delivery summary of MessagesModel, driven by four
// in-process nodes: the member list follows invites, promotions and removals made anywhere,
// row by row, and "delivered to N of M" follows each member's receipt.
#include "groups/groupmanager.h"
#include "models/groupmembersmodel.h"
#include "models/messagesmodel.h"
#include "modeltestutil.h"

#include <QAbstractItemModelTester>

using namespace Tincan;
using namespace ModelTest;

namespace {
QStringList namesOf(const GroupMembersModel &model)
{
    QStringList names;
    for (int i = 0; i < model.rowCount(); ++i)
        names << model.index(i).data(GroupMembersModel::NameRole).toString();
    return names;
}
} // namespace

class TestGroupMembersModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsMembershipChangesFromAnyMember()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob")),
            carol(QStringLiteral("Carol")), dave(QStringLiteral("Dave"));
        QVERIFY(link(alice, bob));
        QVERIFY(link(alice, carol));
        QVERIFY(link(alice, dave));
        QVERIFY(link(bob, carol));
        QVERIFY(link(bob, dave));
        QString error;
        const auto id = alice->groups().createGroup(QStringLiteral("Team"), {bob.id()}, &error);
        QVERIFY2(id, qPrintable(error));

        // Bob's view of the group: he is a plain member, the creator is listed first.
        GroupMembersModel model(bob.node());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy groupChanged(&model, &GroupMembersModel::groupChanged);
        model.setGroupId(*id);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, Timeout);
        QCOMPARE(namesOf(model), (QStringList{QStringLiteral("Alice"), QStringLiteral("Bob")}));
        QCOMPARE(model.name(), QStringLiteral("Team"));
        QVERIFY(model.isMember());
        QVERIFY(!model.canManage());
        QCOMPARE(model.selfRole(), int(GroupRole::Member));
        QCOMPARE(model.index(0).data(GroupMembersModel::MemberRoleRole).toInt(),
                 int(GroupRole::Creator));
        QCOMPARE(model.index(1).data(GroupMembersModel::IsSelfRole).toBool(), true);
        QCOMPARE(model.onlineCount(), 2);

        // Alice invites Carol and Dave: two rows inserted, nothing reset.
        Changes changes(&model);
        QVERIFY(alice->groups().invite(*id, {carol.id(), dave.id()}, &error));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 4, Timeout);
        QCOMPARE(changes.inserted.size(), 2);
        QCOMPARE(changes.reset.size(), 0);
        QCOMPARE(namesOf(model), (QStringList{QStringLiteral("Alice"), QStringLiteral("Bob"),
                                              QStringLiteral("Carol"), QStringLiteral("Dave")}));

        // Promoted: Bob may now manage, and he moves up among the admins.
        groupChanged.clear();
        QVERIFY(alice->groups().promote(*id, bob.id(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(model.canManage(), Timeout);
        QVERIFY(!groupChanged.isEmpty());
        QCOMPARE(model.index(1).data(GroupMembersModel::MemberRoleRole).toInt(),
                 int(GroupRole::Admin));

        // Dave goes offline: his row says so, the others stay.
        dave.stop();
        QTRY_COMPARE_WITH_TIMEOUT(model.onlineCount(), 3, Timeout);
        QCOMPARE(model.rowCount(), 4);

        // Alice removes Carol; renamed by Bob: the row goes, the name follows.
        changes.clear();
        QVERIFY(alice->groups().remove(*id, carol.id(), &error));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, Timeout);
        QCOMPARE(changes.removed.size(), 1);
        QCOMPARE(changes.reset.size(), 0);
        QVERIFY(!model.contains(carol.id()));
        QVERIFY(bob->groups().rename(*id, QStringLiteral("Crew"), &error));
        QCOMPARE(model.name(), QStringLiteral("Crew"));

        // Carol's own view: not a member any more, nothing to manage.
        GroupMembersModel carols(carol.node());
        carols.setGroupId(*id);
        QVERIFY(!carols.isMember());
        QVERIFY(!carols.canManage());
        QCOMPARE(carols.selfRole(), -1);
        QVERIFY(!carols.contains(carol.id()));

        // An unknown group is an empty list, not an error.
        model.setGroupId(QStringLiteral("00000000-0000-8000-8000-000000000000"));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.isMember());
    }

    void deliverySummaryFollowsEachMember()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob")),
            carol(QStringLiteral("Carol")), dave(QStringLiteral("Dave"));
        QVERIFY(link(alice, bob));
        QVERIFY(link(alice, carol));
        QString error;
        // Dave is a member but offline: his copy waits in Alice's outbox.
        const auto id = alice->groups().createGroup(QStringLiteral("Lunch"),
                                                    {bob.id(), carol.id(), dave.id()}, &error);
        QVERIFY2(id, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(carol->groups().isMember(*id, carol.id()), Timeout);
        MessagesModel messages(alice.node());
        messages.setConversationId(*id);
        const auto sent = alice->messenger().sendText(*id, QStringLiteral("Noon?"), {}, &error);
        QVERIFY2(sent, qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(messages.index(0).data(MessagesModel::UuidRole).toString(),
                                  sent->uuid, Timeout);
        const auto summary = [&] {
            return messages.index(messages.rowOf(sent->uuid))
                .data(MessagesModel::DeliverySummaryRole)
                .toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(summary(), QStringLiteral("delivered to 2 of 3"), Timeout);
        // Carol reads it; the message's own state (the slowest member) does not move, the
        // summary does.
        QTRY_VERIFY_WITH_TIMEOUT(carol->messenger().messages().find(sent->uuid).has_value(),
                                 Timeout);
        QVERIFY(carol->messenger().markRead(*id));
        QTRY_COMPARE_WITH_TIMEOUT(summary(), QStringLiteral("delivered to 2 of 3, read by 1"),
                                  Timeout);
        // Incoming messages and event lines carry no summary.
        for (int i = 0; i < messages.rowCount(); ++i) {
            if (messages.index(i).data(MessagesModel::IsEventRole).toBool())
                QCOMPARE(messages.index(i).data(MessagesModel::DeliverySummaryRole).toString(),
                         QString());
        }
        // Dave comes online: the summary completes.
        QVERIFY(link(alice, dave));
        QTRY_COMPARE_WITH_TIMEOUT(summary(), QStringLiteral("delivered to 3 of 3, read by 1"),
                                  Timeout);
    }
};

QTEST_GUILESS_MAIN(TestGroupMembersModel)
#include "tst_groupmembersmodel.moc"
