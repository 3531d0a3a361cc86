// The group endpoints of the bridge against four real in-process nodes on loopback: create,
// invite, promote, rename, remove, leave, per-member delivery, the errors a script meets and
// the group.updated event on the WebSocket.
#include "bridge/bridge.h"
#include "bridgetestclient.h"
#include "chat/messenger.h"
#include "groups/groupmanager.h"
#include "net/sessionmanager.h"
#include "testnode.h"

#include <QJsonArray>
#include <QTest>
#include <QUuid>

using namespace Tincan;

namespace {
constexpr int Timeout = 20000;

void link(TestNode &a, TestNode &b)
{
    QString error;
    QVERIFY2(a->connectTo(b.address(), &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(b.id()) && b->sessions().isConnected(a.id()),
                             Timeout);
}

QStringList memberIds(const QJsonObject &group)
{
    QStringList ids;
    for (const QJsonValue &member : group[QStringLiteral("members")].toArray())
        ids << member[QStringLiteral("id")].toString();
    ids.sort();
    return ids;
}

QStringList sorted(QStringList ids)
{
    ids.sort();
    return ids;
}

QStringList coreMembers(TestNode &node, const QString &group)
{
    QStringList ids;
    for (const GroupMember &member : node->groups().members(group))
        ids << member.peerId;
    ids.sort();
    return ids;
}
} // namespace

class TestBridgeGroups : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestNode> m_alice, m_bob, m_carol, m_dave;
    std::unique_ptr<BridgeTestClient> m_api, m_bobApi;

    QString group(const QString &id) { return QStringLiteral("/api/v1/groups/") + id; }

private Q_SLOTS:
    void init()
    {
        m_alice =
            std::make_unique<TestNode>(QStringLiteral("Alice"), BridgeTestClient::nodeConfig());
        m_bob = std::make_unique<TestNode>(QStringLiteral("Bob"), BridgeTestClient::nodeConfig());
        m_carol = std::make_unique<TestNode>(QStringLiteral("Carol"));
        m_dave = std::make_unique<TestNode>(QStringLiteral("Dave"));
        m_api = BridgeTestClient::of(*m_alice);
        m_bobApi = BridgeTestClient::of(*m_bob);
        const QList<TestNode *> nodes{m_alice.get(), m_bob.get(), m_carol.get(), m_dave.get()};
        for (qsizetype i = 0; i < nodes.size(); ++i) {
            for (qsizetype j = i + 1; j < nodes.size(); ++j)
                link(*nodes[i], *nodes[j]);
        }
    }

    void cleanup()
    {
        m_api.reset(), m_bobApi.reset();
        m_dave.reset(), m_carol.reset(), m_bob.reset(), m_alice.reset();
    }

    void createInvitePromoteRemoveLeave()
    {
        const QString a = m_alice->id(), b = m_bob->id(), c = m_carol->id(), d = m_dave->id();
        const auto created = m_api->post(
            QStringLiteral("/api/v1/groups"),
            {{QStringLiteral("name"), QStringLiteral("Team")},
             {QStringLiteral("members"), QJsonArray{b, c.toUpper(), a}}}); // self, case: fine
        QCOMPARE(created.status, 201);
        const QString id = created.json[QStringLiteral("id")].toString();
        QVERIFY(!QUuid::fromString(id).isNull());
        QCOMPARE(created.json[QStringLiteral("role")].toString(), QStringLiteral("creator"));
        QCOMPARE(created.json[QStringLiteral("canManage")].toBool(), true);
        QCOMPARE(memberIds(created.json), sorted({a, b, c}));
        QCOMPARE(created.json[QStringLiteral("members")][0][QStringLiteral("role")].toString(),
                 QStringLiteral("creator"));
        QTRY_COMPARE_WITH_TIMEOUT(coreMembers(*m_carol, id), sorted({a, b, c}), Timeout);

        // Bob sees it through his own bridge, as a plain member, and it is in the list.
        QTRY_COMPARE_WITH_TIMEOUT(m_bobApi->get(group(id)).status, 200, Timeout);
        const auto atBob = m_bobApi->get(group(id));
        QCOMPARE(atBob.json[QStringLiteral("role")].toString(), QStringLiteral("member"));
        QCOMPARE(atBob.json[QStringLiteral("canManage")].toBool(), false);
        const auto list = m_bobApi->get(QStringLiteral("/api/v1/groups"));
        QCOMPARE(list.json[QStringLiteral("groups")].toArray().size(), 1);
        QCOMPARE(list.json[QStringLiteral("groups")][0][QStringLiteral("name")].toString(),
                 QStringLiteral("Team"));

        // Any member invites; only the creator and admins remove, rename, promote.
        const auto invited = m_bobApi->post(group(id) + QStringLiteral("/members"),
                                            {{QStringLiteral("members"), QJsonArray{d}}});
        QCOMPARE(invited.status, 200);
        QCOMPARE(memberIds(invited.json), sorted({a, b, c, d}));
        QCOMPARE(m_bobApi->request("DELETE", group(id) + QStringLiteral("/members/") + c).status,
                 409);
        QCOMPARE(
            m_bobApi->patch(group(id), {{QStringLiteral("name"), QStringLiteral("Mine")}}).status,
            409);
        QTRY_COMPARE_WITH_TIMEOUT(coreMembers(*m_alice, id), sorted({a, b, c, d}), Timeout);
        const auto promoted = m_api->patch(group(id) + QStringLiteral("/members/") + b,
                                           {{QStringLiteral("role"), QStringLiteral("admin")}});
        QCOMPARE(promoted.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(m_bobApi->get(group(id)).json[QStringLiteral("role")].toString(),
                                  QStringLiteral("admin"), Timeout);
        const auto renamed =
            m_bobApi->patch(group(id), {{QStringLiteral("name"), QStringLiteral("Crew")}});
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.json[QStringLiteral("name")].toString(), QStringLiteral("Crew"));
        const auto removed =
            m_bobApi->request("DELETE", group(id) + QStringLiteral("/members/") + c);
        QCOMPARE(removed.status, 200);
        QCOMPARE(memberIds(removed.json), sorted({a, b, d}));
        QTRY_COMPARE_WITH_TIMEOUT(coreMembers(*m_alice, id), sorted({a, b, d}), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT((*m_alice)->messenger().conversations().find(id)->title,
                                  QStringLiteral("Crew"), Timeout);
        // The membership events are lines of the group's history.
        const auto history =
            m_api->get(QStringLiteral("/api/v1/conversations/%1/messages?limit=20").arg(id));
        QCOMPARE(history.status, 200);
        QStringList lines;
        for (const QJsonValue &m : history.json[QStringLiteral("messages")].toArray()) {
            if (m[QStringLiteral("kind")].toString() == u"event")
                lines << m[QStringLiteral("text")].toString();
        }
        QVERIFY2(lines.contains(QStringLiteral("Bob removed Carol")), qPrintable(lines.join(u'|')));
        QVERIFY2(lines.contains(QStringLiteral("Bob added Dave")), qPrintable(lines.join(u'|')));

        // Leaving: the answer says we are out; Alice and Dave converge without Bob.
        const auto left = m_bobApi->post(group(id) + QStringLiteral("/leave"));
        QCOMPARE(left.status, 200);
        QCOMPARE(left.json[QStringLiteral("member")].toBool(), false);
        QVERIFY(left.json[QStringLiteral("role")].isNull());
        QTRY_COMPARE_WITH_TIMEOUT(coreMembers(*m_dave, id), sorted({a, d}), Timeout);
        QCOMPARE(m_bobApi->post(group(id) + QStringLiteral("/leave")).status, 409);
    }

    void deliveryIsSummedUpPerMember()
    {
        const auto created = m_api->post(
            QStringLiteral("/api/v1/groups"),
            {{QStringLiteral("name"), QStringLiteral("Lunch")},
             {QStringLiteral("members"), QJsonArray{m_bob->id(), m_carol->id(), m_dave->id()}}});
        QCOMPARE(created.status, 201);
        const QString id = created.json[QStringLiteral("id")].toString();
        QTRY_COMPARE_WITH_TIMEOUT(coreMembers(*m_dave, id).size(), 4, Timeout);
        const auto sent = m_api->post(
            QStringLiteral("/api/v1/messages"),
            {{QStringLiteral("to"), id}, {QStringLiteral("text"), QStringLiteral("Noon?")}});
        QCOMPARE(sent.status, 201);
        const QString uuid = sent.json[QStringLiteral("uuid")].toString();
        const QString path = QStringLiteral("/api/v1/messages/%1/delivery").arg(uuid);
        QTRY_COMPARE_WITH_TIMEOUT(m_api->get(path).json[QStringLiteral("delivered")].toInt(), 3,
                                  Timeout);
        const auto delivery = m_api->get(path);
        QCOMPARE(delivery.json[QStringLiteral("total")].toInt(), 3);
        QCOMPARE(delivery.json[QStringLiteral("summary")].toString(),
                 QStringLiteral("delivered to 3 of 3"));
        QCOMPARE(delivery.json[QStringLiteral("recipients")].toArray().size(), 3);
        // Carol reads it: a read receipt from one member shows in the summary.
        QTRY_VERIFY_WITH_TIMEOUT((*m_carol)->messenger().messages().find(uuid).has_value(),
                                 Timeout);
        QVERIFY((*m_carol)->messenger().markRead(id));
        QTRY_COMPARE_WITH_TIMEOUT(m_api->get(path).json[QStringLiteral("summary")].toString(),
                                  QStringLiteral("delivered to 3 of 3, read by 1"), Timeout);
        // Someone else's message has no delivery of ours to show.
        QCOMPARE(m_api
                     ->get(QStringLiteral("/api/v1/messages/%1/delivery")
                               .arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
                     .status,
                 404);
        QTRY_VERIFY_WITH_TIMEOUT((*m_bob)->messenger().messages().find(uuid).has_value(), Timeout);
        QCOMPARE(m_bobApi->get(path).status, 400);
    }

    void badRequestsGetClearErrors()
    {
        const auto post = [&](const QJsonObject &body) {
            return m_api->post(QStringLiteral("/api/v1/groups"), body);
        };
        QCOMPARE(post({{QStringLiteral("name"), QStringLiteral("X")}}).status, 400); // no members
        QCOMPARE(post({{QStringLiteral("name"), QStringLiteral("  ")},
                       {QStringLiteral("members"), QJsonArray{}}})
                     .status,
                 400);
        const auto stranger = post({{QStringLiteral("name"), QStringLiteral("X")},
                                    {QStringLiteral("members"), QJsonArray{QString(64, u'e')}}});
        QCOMPARE(stranger.status, 400);
        QVERIFY(stranger.error().contains(QStringLiteral("never met")));
        QCOMPARE(post({{QStringLiteral("name"), QStringLiteral("X")},
                       {QStringLiteral("members"), QJsonArray{42}}})
                     .status,
                 400);
        QCOMPARE(post({{QStringLiteral("name"), QStringLiteral("X")},
                       {QStringLiteral("members"), QJsonArray{}},
                       {QStringLiteral("picture"), 1}})
                     .status,
                 400);
        const QString unknown = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(m_api->get(group(unknown)).status, 404);
        QCOMPARE(m_api->post(group(unknown) + QStringLiteral("/leave")).status, 404);
        QCOMPARE(m_api->request("PUT", group(unknown)).status, 405);

        const auto created = post({{QStringLiteral("name"), QStringLiteral("Solo")},
                                   {QStringLiteral("members"), QJsonArray{m_bob->id()}}});
        QCOMPARE(created.status, 201);
        const QString id = created.json[QStringLiteral("id")].toString();
        const auto self =
            m_api->request("DELETE", group(id) + QStringLiteral("/members/") + m_alice->id());
        QCOMPARE(self.status, 400);
        QVERIFY(self.error().contains(QStringLiteral("leave")));
        QCOMPARE(m_api
                     ->patch(group(id) + QStringLiteral("/members/") + m_bob->id(),
                             {{QStringLiteral("role"), QStringLiteral("member")}})
                     .status,
                 400);
        // Removing someone who is not in it changes nothing: refused, not silently "done".
        QCOMPARE(
            m_api->request("DELETE", group(id) + QStringLiteral("/members/") + m_dave->id()).status,
            409);
        QCOMPARE(m_api
                     ->post(group(id) + QStringLiteral("/members"),
                            {{QStringLiteral("members"), QJsonArray{}}})
                     .status,
                 400);
    }

    void membershipChangesAreEvents()
    {
        EventProbe events;
        events.open(m_bobApi->port(), {}, m_bobApi->token());
        QVERIFY(events.waitReady());
        QString error;
        const auto id =
            (*m_alice)->groups().createGroup(QStringLiteral("Ops"), {m_bob->id()}, &error);
        QVERIFY2(id, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!events.events(QStringLiteral("group.updated")).isEmpty(),
                                 Timeout);
        const QJsonObject first = events.events(QStringLiteral("group.updated"))
                                      .constFirst()[QStringLiteral("data")][QStringLiteral("group")]
                                      .toObject();
        QCOMPARE(first[QStringLiteral("id")].toString(), *id);
        QCOMPARE(first[QStringLiteral("member")].toBool(), true);
        QVERIFY((*m_alice)->groups().remove(*id, m_bob->id(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(!events.events(QStringLiteral("group.updated"))
                                      .constLast()[QStringLiteral("data")][QStringLiteral("group")]
                                                  [QStringLiteral("member")]
                                      .toBool(),
                                 Timeout);
        // The event line ("Alice removed you") came as a message too.
        bool line = false;
        for (const QJsonObject &m : events.events(QStringLiteral("message.new")))
            line |= m[QStringLiteral("data")][QStringLiteral("kind")].toString() == u"event";
        QVERIFY(line);
    }
};

QTEST_GUILESS_MAIN(TestBridgeGroups)
#include "tst_bridgegroups.moc"
