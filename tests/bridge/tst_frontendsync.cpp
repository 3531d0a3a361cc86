// Two front ends on one node: the desktop's models and the bridge. What the user does in one
// shows in the other with no refresh of its own, because both follow Node::changed.
#include "bridge/bridge.h"
#include "bridgetestclient.h"
#include "chat/messenger.h"
#include "groups/groupmanager.h"
#include "models/conversationinfo.h"
#include "models/conversationsmodel.h"
#include "models/keychangesmodel.h"
#include "models/messagesmodel.h"
#include "models/peerinfo.h"
#include "models/peersmodel.h"
#include "net/sessionmanager.h"
#include "testnode.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 20000;

// The first message of a stranger: a message request on `to`.
void request(TestNode &from, TestNode &to)
{
    QString error;
    QVERIFY2(from->connectTo(to.address(), &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(to->sessions().isConnected(from.id()), Timeout);
    QVERIFY(from->messenger().sendText(to.id(), QStringLiteral("hello?"), {}, &error));
}

QVariant peerData(PeersModel &model, const QString &peerId, int role)
{
    const int row = model.indexOf(peerId);
    return row < 0 ? QVariant() : model.index(row).data(role);
}

QString titleOf(ConversationsModel &model, const QString &conversationId)
{
    const int row = model.indexOf(conversationId);
    return row < 0 ? QString() : model.index(row).data(ConversationsModel::TitleRole).toString();
}

QJsonObject lastPeerUpdate(const EventProbe &events, const QString &peerId)
{
    const auto updates = events.events(QStringLiteral("peer.updated"));
    for (auto it = updates.crbegin(); it != updates.crend(); ++it) {
        const QJsonObject peer = (*it)[QStringLiteral("data")][QStringLiteral("peer")].toObject();
        if (peer[QStringLiteral("id")].toString() == peerId)
            return peer;
    }
    return {};
}
} // namespace

class TestFrontendSync : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestNode> m_alice, m_carol;
    std::unique_ptr<BridgeTestClient> m_api;
    // The desktop window's models, as AppController makes them.
    std::unique_ptr<ConversationsModel> m_inbox, m_requests;
    std::unique_ptr<PeersModel> m_peers;
    std::unique_ptr<KeyChangesModel> m_keyChanges;

private Q_SLOTS:
    void init()
    {
        m_alice =
            std::make_unique<TestNode>(QStringLiteral("Alice"), BridgeTestClient::nodeConfig());
        m_carol = std::make_unique<TestNode>(QStringLiteral("Carol"));
        m_api = BridgeTestClient::of(*m_alice);
        m_inbox = std::make_unique<ConversationsModel>(m_alice->node(), ConversationFilter::Inbox);
        m_requests =
            std::make_unique<ConversationsModel>(m_alice->node(), ConversationFilter::Requests);
        m_peers = std::make_unique<PeersModel>(m_alice->node());
        m_keyChanges = std::make_unique<KeyChangesModel>(m_alice->node());
        request(*m_carol, *m_alice);
        QTRY_COMPARE_WITH_TIMEOUT(m_requests->rowCount(), 1, Timeout);
        QCOMPARE(m_inbox->rowCount(), 0);
    }

    void cleanup()
    {
        m_keyChanges.reset();
        m_peers.reset();
        m_requests.reset();
        m_inbox.reset();
        m_api.reset();
        m_carol.reset();
        m_alice.reset();
    }

    void bridgeAnswersShowInTheDesktopModels()
    {
        const QString carol = m_carol->id();
        // The open conversation view and peer page, as their QML binds to them.
        ConversationInfo conversation(m_alice->node());
        conversation.setConversationId(carol);
        PeerInfo page(m_alice->node());
        page.setPeerId(carol);
        QVERIFY(conversation.exists() && conversation.isRequest() && conversation.online());
        QCOMPARE(page.name(), QStringLiteral("Carol"));
        QSignalSpy conversationChanged(&conversation, &ConversationInfo::changed);
        QSignalSpy pageChanged(&page, &PeerInfo::changed);

        QCOMPARE(m_api->post(QStringLiteral("/api/v1/conversations/%1/accept").arg(carol)).status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(!conversation.isRequest(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(page.contact(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(m_requests->rowCount(), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(m_inbox->indexOf(carol), 0, Timeout);
        QCOMPARE(peerData(*m_peers, carol, PeersModel::ContactRole).toBool(), true);

        QCOMPARE(m_api
                     ->patch(QStringLiteral("/api/v1/peers/") + carol,
                             {{QStringLiteral("alias"), QStringLiteral("Caz")}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(peerData(*m_peers, carol, PeersModel::NameRole).toString(),
                                  QStringLiteral("Caz"), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(titleOf(*m_inbox, carol), QStringLiteral("Caz"), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(conversation.title(), QStringLiteral("Caz"), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(page.name(), QStringLiteral("Caz"), Timeout);
        // A change that is not about them (another PATCH with the same alias) notifies nothing;
        // the read of the peer list after it is the barrier.
        const int conversationSignals = int(conversationChanged.size());
        const int pageSignals = int(pageChanged.size());
        QCOMPARE(m_api
                     ->patch(QStringLiteral("/api/v1/peers/") + carol,
                             {{QStringLiteral("alias"), QStringLiteral("Caz")}})
                     .status,
                 200);
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/peers")).status, 200);
        QCOMPARE(conversationChanged.size(), conversationSignals);
        QCOMPARE(pageChanged.size(), pageSignals);

        QCOMPARE(m_api
                     ->patch(QStringLiteral("/api/v1/peers/") + carol,
                             {{QStringLiteral("trust"), QStringLiteral("blocked")}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(peerData(*m_peers, carol, PeersModel::TrustRole).toInt(),
                                  int(Trust::Blocked), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!(*m_alice)->sessions().isConnected(carol), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(conversation.trust(), int(Trust::Blocked), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!conversation.online() && !page.online(), Timeout);
        QCOMPARE(page.trust(), int(Trust::Blocked));
    }

    void bridgeIgnoreTakesTheRequestAway()
    {
        QCOMPARE(m_api->post(QStringLiteral("/api/v1/conversations/%1/ignore").arg(m_carol->id()))
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(m_requests->rowCount(), 0, Timeout);
        QCOMPARE(m_inbox->rowCount(), 0);
    }

    // A group event line is put into words when shown: a rename in the bridge rewords it in
    // the open desktop window, and the bridge says it with the new name too.
    void eventLinesFollowARename()
    {
        const QString carol = m_carol->id();
        QCOMPARE(m_api->post(QStringLiteral("/api/v1/conversations/%1/accept").arg(carol)).status,
                 200);
        QString error;
        const auto group =
            (*m_alice)->groups().createGroup(QStringLiteral("Lunch"), {carol}, &error);
        QVERIFY2(group, qPrintable(error));
        MessagesModel window(m_alice->node());
        window.setConversationId(*group);
        QTRY_COMPARE_WITH_TIMEOUT(window.rowCount(), 1, Timeout);
        const auto line = [&] { return window.index(0).data(MessagesModel::BodyRole).toString(); };
        QCOMPARE(line(), QStringLiteral("You created the group \u201cLunch\u201d with Carol"));

        QCOMPARE(m_api
                     ->patch(QStringLiteral("/api/v1/peers/") + carol,
                             {{QStringLiteral("alias"), QStringLiteral("Caz")}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            line(), QStringLiteral("You created the group \u201cLunch\u201d with Caz"), Timeout);
        const auto history =
            m_api->get(QStringLiteral("/api/v1/conversations/%1/messages").arg(*group));
        QCOMPARE(history.status, 200);
        const QJsonObject event = history.json[QStringLiteral("messages")][0].toObject();
        QCOMPARE(event[QStringLiteral("kind")].toString(), QStringLiteral("event"));
        QCOMPARE(event[QStringLiteral("text")].toString(),
                 QStringLiteral("You created the group \u201cLunch\u201d with Caz"));
        QCOMPARE(event[QStringLiteral("event")][QStringLiteral("op")].toString(),
                 QStringLiteral("create"));
        QCOMPARE(event[QStringLiteral("event")][QStringLiteral("targets")].toArray(),
                 QJsonArray{carol});
    }

    // What the desktop's buttons call (AppController forwards each in one line).
    void desktopAnswersAreBridgeEvents()
    {
        EventProbe events;
        events.open(m_api->port(), {}, m_api->token());
        QVERIFY(events.waitReady());
        const QString carol = m_carol->id();
        QString error;

        QVERIFY2((*m_alice)->acceptRequest(carol, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(lastPeerUpdate(events, carol)[QStringLiteral("contact")].toBool(),
                                 Timeout);
        QVERIFY(!events.events(QStringLiteral("conversations.changed")).isEmpty());
        const QJsonObject listed = m_api->get(QStringLiteral("/api/v1/conversations")).json;
        QCOMPARE(listed[QStringLiteral("conversations")].toArray().size(), 1);

        QVERIFY2((*m_alice)->setPeerAlias(carol, QStringLiteral("Caz"), &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(lastPeerUpdate(events, carol)[QStringLiteral("alias")].toString(),
                                  QStringLiteral("Caz"), Timeout);

        QVERIFY2((*m_alice)->setPeerTrust(carol, Trust::Blocked, &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(lastPeerUpdate(events, carol)[QStringLiteral("trust")].toString(),
                                  QStringLiteral("blocked"), Timeout);

        QVERIFY2((*m_alice)->setDisplayName(QStringLiteral("Alice B."), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!events.events(QStringLiteral("settings.changed")).isEmpty(),
                                 Timeout);
        QCOMPARE(events.events(QStringLiteral("settings.changed"))
                     .last()[QStringLiteral("data")][QStringLiteral("key")]
                     .toString(),
                 QStringLiteral("displayName"));
    }

    // A key change answered in one front end leaves the other's list too.
    void keyChangeAnswersReachBothFrontEnds()
    {
        EventProbe events;
        events.open(m_api->port(), {}, m_api->token());
        QVERIFY(events.waitReady());
        TestNode dave(QStringLiteral("Dave"));
        TestNode erin(QStringLiteral("Erin"));
        // Invite links that pin other keys than the ones Dave and Erin present.
        for (const auto &[node, pinned] :
             {std::pair{&dave, QString(64, u'7')}, std::pair{&erin, QString(64, u'8')}}) {
            QString error;
            QVERIFY((*m_alice)->connectTo(
                QStringLiteral("tincan://127.0.0.1:%1/%2").arg((*node)->port()).arg(pinned),
                &error));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_keyChanges->rowCount(), 2, Timeout);

        QCOMPARE(m_api
                     ->post(QStringLiteral("/api/v1/keychanges/") + dave.id(),
                            {{QStringLiteral("accept"), true}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(m_keyChanges->rowCount(), 1, Timeout);

        QString error;
        QVERIFY2((*m_alice)->resolveKeyChange(erin.id(), false, &error), qPrintable(error));
        QCOMPARE(m_keyChanges->rowCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(events.frames.cbegin(), events.frames.cend(),
                        [&](const QJsonObject &frame) {
                            return frame[QStringLiteral("event")].toString() ==
                                       u"keychange.resolved" &&
                                   frame[QStringLiteral("data")][QStringLiteral("presentedId")]
                                           .toString() == erin.id();
                        }),
            Timeout);
        QCOMPARE(peerData(*m_peers, erin.id(), PeersModel::TrustRole).toInt(), int(Trust::Blocked));
    }
};

QTEST_MAIN(TestFrontendSync)
#include "tst_frontendsync.moc"
