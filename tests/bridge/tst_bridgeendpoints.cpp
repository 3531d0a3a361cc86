// Every REST endpoint of the bridge against a real node (Alice, with the bridge) and a peer
// (Bob), both in-process on loopback.
#include "bridge/bridge.h"
#include "bridgetestclient.h"
#include "chat/messenger.h"
#include "net/sessionmanager.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 20000;

QJsonObject peerIn(const QJsonObject &reply, const QString &id)
{
    for (const QJsonValue &peer : reply.value(QStringLiteral("peers")).toArray()) {
        if (peer[QStringLiteral("id")].toString() == id)
            return peer.toObject();
    }
    return {};
}
} // namespace

class TestBridgeEndpoints : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestNode> m_alice, m_bob;
    std::unique_ptr<BridgeTestClient> m_api;

    void linkBob()
    {
        const auto reply = m_api->post(QStringLiteral("/api/v1/peers"),
                                       {{QStringLiteral("target"), m_bob->address()}});
        QCOMPARE(reply.status, 202);
        QTRY_VERIFY_WITH_TIMEOUT((*m_alice)->sessions().isConnected(m_bob->id()) &&
                                     (*m_bob)->sessions().isConnected(m_alice->id()),
                                 Timeout);
    }

private Q_SLOTS:
    void init()
    {
        m_alice =
            std::make_unique<TestNode>(QStringLiteral("Alice"), BridgeTestClient::nodeConfig());
        m_bob = std::make_unique<TestNode>(QStringLiteral("Bob"));
        m_api = BridgeTestClient::of(*m_alice);
    }

    void cleanup()
    {
        m_api.reset();
        m_bob.reset();
        m_alice.reset();
    }

    void identity()
    {
        const auto reply = m_api->get(QStringLiteral("/api/v1/identity"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json[QStringLiteral("id")].toString(), m_alice->id());
        QCOMPARE(reply.json[QStringLiteral("name")].toString(), QStringLiteral("Alice"));
        QCOMPARE(reply.json[QStringLiteral("port")].toInt(), int((*m_alice)->port()));
        QCOMPARE(reply.json[QStringLiteral("fingerprint")].toString().size(), 79);
        QCOMPARE(reply.json[QStringLiteral("account")].toString(), (*m_alice)->accountId());
        QVERIFY(reply.json[QStringLiteral("invite")].toString().endsWith(m_alice->id()));
        QCOMPARE(reply.json[QStringLiteral("bridge")][QStringLiteral("port")].toInt(),
                 int(m_api->port()));
    }

    void connectingAddsAnOnlinePeerWithItsSafetyNumber()
    {
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/peers"))
                     .json[QStringLiteral("peers")]
                     .toArray()
                     .size(),
                 0);
        linkBob();
        const QJsonObject bob =
            peerIn(m_api->get(QStringLiteral("/api/v1/peers")).json, m_bob->id());
        QCOMPARE(bob[QStringLiteral("name")].toString(), QStringLiteral("Bob"));
        QCOMPARE(bob[QStringLiteral("displayName")].toString(), QStringLiteral("Bob"));
        QCOMPARE(bob[QStringLiteral("trust")].toString(), QStringLiteral("unverified"));
        QVERIFY(bob[QStringLiteral("online")].toBool());
        QVERIFY(!bob[QStringLiteral("addresses")].toArray().isEmpty());
        QVERIFY(bob[QStringLiteral("lastSeen")].isString());
        QCOMPARE(bob[QStringLiteral("account")].toString(), (*m_bob)->accountId());
        static const QRegularExpression sixtyDigits(QStringLiteral("^(\\d{5} ){11}\\d{5}$"));
        QVERIFY(sixtyDigits.match(bob[QStringLiteral("safetyNumber")].toString()).hasMatch());

        const auto bad = m_api->post(QStringLiteral("/api/v1/peers"),
                                     {{QStringLiteral("target"), QStringLiteral("no port here")}});
        QCOMPARE(bad.status, 400);
        QVERIFY(!bad.error().isEmpty());
    }

    void patchingAPeerSetsAliasAndTrust()
    {
        linkBob();
        const QString path = QStringLiteral("/api/v1/peers/") + m_bob->id();
        const auto alias = m_api->patch(path, {{QStringLiteral("alias"), QStringLiteral("Bobby")}});
        QCOMPARE(alias.status, 200);
        QCOMPARE(alias.json[QStringLiteral("displayName")].toString(), QStringLiteral("Bobby"));
        QCOMPARE((*m_alice)->peers().find(m_bob->id())->alias, QStringLiteral("Bobby"));
        const auto verified =
            m_api->patch(path, {{QStringLiteral("trust"), QStringLiteral("verified")}});
        QCOMPARE(verified.json[QStringLiteral("trust")].toString(), QStringLiteral("verified"));

        QCOMPARE(m_api->patch(path, {{QStringLiteral("trust"), QStringLiteral("friend")}}).status,
                 400);
        QCOMPARE(m_api->patch(path, {}).status, 400);
        QCOMPARE(m_api->patch(path, {{QStringLiteral("alias"), 7}}).status, 400);
        QCOMPARE(m_api
                     ->patch(QStringLiteral("/api/v1/peers/") + QString(64, u'a'),
                             {{QStringLiteral("alias"), QStringLiteral("x")}})
                     .status,
                 404);

        // Blocking ends the session at once.
        const auto blocked =
            m_api->patch(path, {{QStringLiteral("trust"), QStringLiteral("blocked")}});
        QCOMPARE(blocked.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!(*m_alice)->sessions().isConnected(m_bob->id()), Timeout);
        QCOMPARE((*m_alice)->peers().find(m_bob->id())->trust, Trust::Blocked);
    }

    void sendingReadingAndPagingMessages()
    {
        linkBob();
        QStringList uuids;
        for (int i = 0; i < 3; ++i) {
            const auto sent =
                m_api->post(QStringLiteral("/api/v1/messages"),
                            {{QStringLiteral("to"), m_bob->id()},
                             {QStringLiteral("text"), QStringLiteral("hello %1").arg(i)}});
            QCOMPARE(sent.status, 201);
            QCOMPARE(sent.json[QStringLiteral("text")].toString(),
                     QStringLiteral("hello %1").arg(i));
            // "sent" once the new session's outbox has been flushed (the message went out in
            // its own commit), "queued" if it goes behind that flush.
            const QString state = sent.json[QStringLiteral("state")].toString();
            QVERIFY2(state == QStringLiteral("sent") || state == QStringLiteral("queued"),
                     qPrintable(state));
            QVERIFY(sent.json[QStringLiteral("outgoing")].toBool());
            uuids.append(sent.json[QStringLiteral("uuid")].toString());
        }
        QTRY_VERIFY_WITH_TIMEOUT((*m_bob)->messenger().messages().find(uuids.last()), Timeout);

        const QString messages =
            QStringLiteral("/api/v1/conversations/%1/messages").arg(m_bob->id());
        const auto first = m_api->get(messages + QStringLiteral("?limit=2"));
        QCOMPARE(first.status, 200);
        const QJsonArray newest = first.json[QStringLiteral("messages")].toArray();
        QCOMPARE(newest.size(), 2);
        QCOMPARE(newest.at(0)[QStringLiteral("uuid")].toString(), uuids.at(2));
        const QString next = first.json[QStringLiteral("next")].toString();
        QVERIFY(!next.isEmpty());
        const auto second = m_api->get(messages + QStringLiteral("?limit=2&before=") + next);
        QCOMPARE(second.json[QStringLiteral("messages")].toArray().size(), 1);
        QCOMPARE(second.json[QStringLiteral("messages")][0][QStringLiteral("uuid")].toString(),
                 uuids.at(0));
        QVERIFY(second.json[QStringLiteral("next")].isNull());

        QCOMPARE(m_api->get(messages + QStringLiteral("?limit=0")).status, 400);
        QCOMPARE(m_api->get(messages + QStringLiteral("?before=yesterday")).status, 400);
        QCOMPARE(
            m_api->get(QStringLiteral("/api/v1/conversations/%1/messages").arg(QString(64, u'b')))
                .status,
            404);

        // Bob answers: Alice's conversation shows it unread until it is marked read.
        QString error;
        QVERIFY(
            (*m_bob)->messenger().sendText(m_alice->id(), QStringLiteral("hi Alice"), {}, &error));
        const auto unread = [&] {
            const auto list = m_api->get(QStringLiteral("/api/v1/conversations")).json;
            return list[QStringLiteral("conversations")][0][QStringLiteral("unread")].toInt();
        };
        QTRY_COMPARE_WITH_TIMEOUT(unread(), 1, Timeout);
        const auto conversation = m_api->get(QStringLiteral("/api/v1/conversations"))
                                      .json[QStringLiteral("conversations")][0]
                                      .toObject();
        QCOMPARE(conversation[QStringLiteral("id")].toString(), m_bob->id());
        QCOMPARE(conversation[QStringLiteral("preview")].toString(), QStringLiteral("hi Alice"));
        QCOMPARE(conversation[QStringLiteral("requestState")].toString(),
                 QStringLiteral("accepted"));
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/conversations?filter=bogus")).status, 400);
        const auto read =
            m_api->post(QStringLiteral("/api/v1/conversations/%1/read").arg(m_bob->id()));
        QCOMPARE(read.status, 200);
        QCOMPARE(unread(), 0);
        QCOMPARE(m_api->post(QStringLiteral("/api/v1/conversations/%1/read").arg(QString(64, u'c')))
                     .status,
                 404);
        QCOMPARE(m_api
                     ->post(QStringLiteral("/api/v1/conversations/%1/typing").arg(m_bob->id()),
                            {{QStringLiteral("typing"), true}})
                     .status,
                 200);
    }

    void messageRequestsCanBeAcceptedOrIgnored()
    {
        linkBob();
        QString error;
        QVERIFY((*m_bob)->messenger().sendText(m_alice->id(), QStringLiteral("hi, stranger"), {},
                                               &error));
        const auto requestState = [&] {
            return m_api->get(QStringLiteral("/api/v1/conversations"))
                .json[QStringLiteral("conversations")][0][QStringLiteral("requestState")]
                .toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(requestState(), QStringLiteral("pending"), Timeout);
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/conversations?filter=requests"))
                     .json[QStringLiteral("conversations")]
                     .toArray()
                     .size(),
                 1);
        const QString path = QStringLiteral("/api/v1/conversations/%1/").arg(m_bob->id());
        QCOMPARE(m_api->post(path + QStringLiteral("ignore"))
                     .json[QStringLiteral("requestState")]
                     .toString(),
                 QStringLiteral("ignored"));
        QCOMPARE(requestState(), QStringLiteral("ignored"));
        QCOMPARE(m_api->post(path + QStringLiteral("accept")).status, 200);
        QCOMPARE(requestState(), QStringLiteral("accepted"));
        QVERIFY((*m_alice)->peers().find(m_bob->id())->isContact);
        QCOMPARE(
            m_api->post(path + QStringLiteral("accept"), {{QStringLiteral("now"), true}}).status,
            400);
        QCOMPARE(
            m_api->post(QStringLiteral("/api/v1/conversations/%1/accept").arg(QString(64, u'e')))
                .status,
            404);
    }

    void sendingValidatesTheRecipient()
    {
        const auto self = m_api->post(QStringLiteral("/api/v1/messages"),
                                      {{QStringLiteral("to"), m_alice->id()},
                                       {QStringLiteral("text"), QStringLiteral("me")}});
        QCOMPARE(self.status, 400);
        const auto nobody = m_api->post(QStringLiteral("/api/v1/messages"),
                                        {{QStringLiteral("to"), QStringLiteral("bob")},
                                         {QStringLiteral("text"), QStringLiteral("x")}});
        QCOMPARE(nobody.status, 404);
        const auto empty = m_api->post(
            QStringLiteral("/api/v1/messages"),
            {{QStringLiteral("to"), m_bob->id()}, {QStringLiteral("text"), QStringLiteral("  ")}});
        QCOMPARE(empty.status, 400);
        const auto reply = m_api->post(QStringLiteral("/api/v1/messages"),
                                       {{QStringLiteral("to"), m_bob->id()},
                                        {QStringLiteral("text"), QStringLiteral("x")},
                                        {QStringLiteral("replyTo"), QStringLiteral("not-a-uuid")}});
        QCOMPARE(reply.status, 400);
        // A peer that is offline still gets its message, queued.
        const auto queued = m_api->post(QStringLiteral("/api/v1/messages"),
                                        {{QStringLiteral("to"), m_bob->id()},
                                         {QStringLiteral("text"), QStringLiteral("later")}});
        QCOMPARE(queued.status, 201);
        QCOMPARE(queued.json[QStringLiteral("state")].toString(), QStringLiteral("queued"));
    }

    void searchFindsMessages()
    {
        linkBob();
        m_api->post(QStringLiteral("/api/v1/messages"),
                    {{QStringLiteral("to"), m_bob->id()},
                     {QStringLiteral("text"), QStringLiteral("the quick brown fox")}});
        const auto hits = m_api->get(QStringLiteral("/api/v1/search?q=quick+bro"));
        QCOMPARE(hits.status, 200);
        const QJsonArray results = hits.json[QStringLiteral("results")].toArray();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.at(0)[QStringLiteral("message")][QStringLiteral("text")].toString(),
                 QStringLiteral("the quick brown fox"));
        QVERIFY(results.at(0)[QStringLiteral("snippetHtml")].toString().contains(
            QStringLiteral("<b>quick</b>")));
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/search?q=%22%29%28*")).status,
                 200); // FTS syntax is inert
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/search")).status, 400);
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/search?q=x&limit=1000")).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestBridgeEndpoints)
#include "tst_bridgeendpoints.moc"
