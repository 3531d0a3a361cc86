// /api/v1/events: who may open it, the events in order, commands over it, and token rotation.
#include "bridge/bridge.h"
#include "bridgetestclient.h"
#include "chat/messenger.h"
#include "models/conversationinfo.h"
#include "net/sessionmanager.h"
#include "pairedtransport.h"
#include "testnode.h"

#include <QJsonArray>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 20000;

QString origin(quint16 port)
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port);
}
} // namespace

class TestBridgeEvents : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestNode> m_alice, m_bob;
    quint16 m_port = 0;
    QByteArray m_token;

    void linkBob()
    {
        QString error;
        QVERIFY((*m_bob)->connectTo(m_alice->address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT((*m_alice)->sessions().isConnected(m_bob->id()), Timeout);
    }

private Q_SLOTS:
    void init()
    {
        m_alice =
            std::make_unique<TestNode>(QStringLiteral("Alice"), BridgeTestClient::nodeConfig());
        m_bob = std::make_unique<TestNode>(QStringLiteral("Bob"));
        m_port = (*m_alice)->bridge()->port();
        m_token = (*m_alice)->bridge()->token();
    }

    void cleanup()
    {
        m_bob.reset();
        m_alice.reset();
    }

    void onlyTheTokenAndTheOwnOriginOpenIt()
    {
        EventProbe noToken(origin(m_port));
        noToken.open(m_port, {});
        QVERIFY(noToken.wasRefused(401));
        EventProbe wrongToken(origin(m_port));
        wrongToken.open(m_port, "wrong");
        QVERIFY(wrongToken.wasRefused(401));
        // A foreign page that learnt the token still cannot listen in.
        EventProbe foreign(QStringLiteral("https://evil.example"));
        foreign.open(m_port, m_token);
        QVERIFY(foreign.wasRefused(403));

        EventProbe page(origin(m_port)); // the bridge's own page: ?token= in the URL
        page.open(m_port, m_token);
        QVERIFY(page.waitReady());
        QCOMPARE(page.frames.first()[QStringLiteral("data")][QStringLiteral("id")].toString(),
                 m_alice->id());
        QCOMPARE(page.frames.first()[QStringLiteral("seq")].toInt(), 0);
        EventProbe cli; // no Origin, the token as a header
        cli.open(m_port, {}, m_token);
        QVERIFY(cli.waitReady());
        QCOMPARE((*m_alice)->bridge()->webSocketCount(), 2);
    }

    void messagesArriveInOrderWithTheirStates()
    {
        EventProbe events;
        events.open(m_port, {}, m_token);
        QVERIFY(events.waitReady());
        linkBob();
        QTRY_COMPARE_WITH_TIMEOUT(events.events(QStringLiteral("peer.online")).size(), 1, Timeout);
        QCOMPARE(
            events.events(QStringLiteral("peer.online"))
                .first()[QStringLiteral("data")][QStringLiteral("peer")][QStringLiteral("name")]
                .toString(),
            QStringLiteral("Bob"));

        constexpr int count = 50;
        QString error;
        for (int i = 0; i < count; ++i)
            QVERIFY((*m_bob)->messenger().sendText(m_alice->id(), QStringLiteral("n%1").arg(i), {},
                                                   &error));
        QTRY_COMPARE_WITH_TIMEOUT(events.events(QStringLiteral("message.new")).size(), count,
                                  Timeout);
        const auto received = events.events(QStringLiteral("message.new"));
        for (int i = 0; i < count; ++i) {
            const QJsonObject message = received.at(i)[QStringLiteral("data")].toObject();
            QCOMPARE(message[QStringLiteral("text")].toString(), QStringLiteral("n%1").arg(i));
            QCOMPARE(message[QStringLiteral("senderId")].toString(), m_bob->id());
            QVERIFY(!message[QStringLiteral("outgoing")].toBool());
        }
        for (qsizetype i = 1; i < events.frames.size(); ++i) // numbered without gaps
            QCOMPARE(events.frames.at(i)[QStringLiteral("seq")].toInt(), int(i));

        // Alice answers over the same socket: a command, then the states of her message.
        const QJsonObject reply =
            events.command(7, "POST", QStringLiteral("/api/v1/messages"),
                           {{QStringLiteral("to"), m_bob->id()},
                            {QStringLiteral("text"), QStringLiteral("got them")}});
        QCOMPARE(reply[QStringLiteral("status")].toInt(), 201);
        const QString uuid = reply[QStringLiteral("body")][QStringLiteral("uuid")].toString();
        QVERIFY(!uuid.isEmpty());
        const auto statesOf = [&] {
            QStringList states;
            for (const QJsonObject &e : events.events(QStringLiteral("message.state"))) {
                if (e[QStringLiteral("data")][QStringLiteral("uuid")].toString() == uuid)
                    states.append(e[QStringLiteral("data")][QStringLiteral("state")].toString());
            }
            return states;
        };
        // A message that went out in its own commit is born "sent"; one queued behind the
        // outbox becomes "sent" later. Either way the client sees each state once, in order.
        const QString born = reply[QStringLiteral("body")][QStringLiteral("state")].toString();
        QStringList expected{QStringLiteral("sent"), QStringLiteral("delivered")};
        if (born == QStringLiteral("sent"))
            expected.removeFirst();
        else
            QCOMPARE(born, QStringLiteral("queued"));
        QTRY_COMPARE_WITH_TIMEOUT(statesOf(), expected, Timeout);
        QVERIFY((*m_bob)->messenger().markRead(m_alice->id()));
        QTRY_COMPARE_WITH_TIMEOUT(statesOf().size(), expected.size() + 1, Timeout);
        QCOMPARE(statesOf().last(), QStringLiteral("read"));
        QCOMPARE(events.events(QStringLiteral("message.new"))
                     .last()[QStringLiteral("data")][QStringLiteral("uuid")]
                     .toString(),
                 uuid);

        m_bob.reset();
        QTRY_COMPARE_WITH_TIMEOUT(events.events(QStringLiteral("peer.offline")).size(), 1, Timeout);
    }

    void commandsShareTheRestHandler()
    {
        EventProbe events(origin(m_port));
        events.open(m_port, m_token);
        QVERIFY(events.waitReady());
        const QJsonObject identity = events.command(1, "GET", QStringLiteral("/api/v1/identity"));
        QCOMPARE(identity[QStringLiteral("status")].toInt(), 200);
        QCOMPARE(identity[QStringLiteral("body")][QStringLiteral("id")].toString(), m_alice->id());
        QCOMPARE(events.command(2, "GET", QStringLiteral("/api/v1/nope"))[QStringLiteral("status")]
                     .toInt(),
                 404);
        QCOMPARE(events.command(3, "PUT", QStringLiteral("/api/v1/peers"))[QStringLiteral("status")]
                     .toInt(),
                 405);
        const QJsonObject missing = events.command(4, "POST", QStringLiteral("/api/v1/messages"),
                                                   {{QStringLiteral("text"), QStringLiteral("x")}});
        QCOMPARE(missing[QStringLiteral("status")].toInt(), 400);
        QCOMPARE(missing[QStringLiteral("body")][QStringLiteral("error")].toString(),
                 QStringLiteral("missing field 'to'"));

        const qsizetype before = events.frames.size();
        events.socket().sendTextMessage(QStringLiteral("not json"));
        QTRY_COMPARE_WITH_TIMEOUT(events.frames.size(), before + 1, Timeout);
        QCOMPARE(events.frames.last()[QStringLiteral("status")].toInt(), 400);
        QVERIFY(events.frames.last()[QStringLiteral("id")].isNull());

        // Alias changes made over the API are events too.
        linkBob();
        events.command(5, "PATCH", QStringLiteral("/api/v1/peers/") + m_bob->id(),
                       {{QStringLiteral("alias"), QStringLiteral("B")}});
        QTRY_COMPARE_WITH_TIMEOUT(events.events(QStringLiteral("peer.updated")).size(), 1, Timeout);
        QCOMPARE(
            events.events(QStringLiteral("peer.updated"))
                .first()[QStringLiteral("data")][QStringLiteral("peer")][QStringLiteral("alias")]
                .toString(),
            QStringLiteral("B"));
    }

    void keyChangesAreEventsAndDecisions()
    {
        EventProbe events;
        events.open(m_port, {}, m_token);
        QVERIFY(events.waitReady());
        // An invite link that pins another key than the one Bob presents: the MITM alarm.
        const QString pinned(64, u'7');
        const QJsonObject connect = events.command(
            1, "POST", QStringLiteral("/api/v1/peers"),
            {{QStringLiteral("target"),
              QStringLiteral("tincan://127.0.0.1:%1/%2").arg((*m_bob)->port()).arg(pinned)}});
        QCOMPARE(connect[QStringLiteral("status")].toInt(), 202);
        QTRY_COMPARE_WITH_TIMEOUT(events.events(QStringLiteral("keychange")).size(), 1, Timeout);
        const QJsonObject change =
            events.events(QStringLiteral("keychange")).first()[QStringLiteral("data")].toObject();
        QCOMPARE(change[QStringLiteral("knownId")].toString(), pinned);
        QCOMPARE(change[QStringLiteral("presentedId")].toString(), m_bob->id());

        const QJsonObject pending = events.command(2, "GET", QStringLiteral("/api/v1/keychanges"));
        QCOMPARE(pending[QStringLiteral("body")][QStringLiteral("keyChanges")].toArray().size(), 1);
        const QJsonObject accepted =
            events.command(3, "POST", QStringLiteral("/api/v1/keychanges/") + m_bob->id(),
                           {{QStringLiteral("accept"), true}});
        QCOMPARE(accepted[QStringLiteral("status")].toInt(), 200);
        QCOMPARE(events
                     .command(4, "GET", QStringLiteral("/api/v1/keychanges"))[QStringLiteral(
                         "body")][QStringLiteral("keyChanges")]
                     .toArray()
                     .size(),
                 0);
        // Decided once: a second answer finds nothing pending.
        QCOMPARE(events
                     .command(5, "POST", QStringLiteral("/api/v1/keychanges/") + m_bob->id(),
                              {{QStringLiteral("accept"), true}})[QStringLiteral("status")]
                     .toInt(),
                 404);
    }

    // The peer's "link" is news too: when Bob's link through NATs (a test transport marked as
    // ICE's) gives way to one over TCP, the page hears a peer.updated that says so, and the
    // desktop's conversation header (ConversationInfo) follows.
    void aLinkThatGoesAnotherWayIsNewsForBothFrontEnds()
    {
        auto *alices = new PairedTransport(m_alice->node()); // owned by the routers
        auto *bobs = new PairedTransport(m_bob->node());
        alices->peer = bobs;
        bobs->peer = alices;
        (*m_alice)->sessions().addDeviceTransport(alices);
        (*m_bob)->sessions().addDeviceTransport(bobs);
        EventProbe events;
        events.open(m_port, {}, m_token);
        QVERIFY(events.waitReady());
        const auto linkKinds = [&](const QString &event) {
            QStringList kinds;
            for (const QJsonObject &e : events.events(event)) {
                const QJsonObject peer =
                    e[QStringLiteral("data")][QStringLiteral("peer")].toObject();
                if (peer[QStringLiteral("id")].toString() == m_bob->id())
                    kinds.append(peer[QStringLiteral("link")][QStringLiteral("kind")].toString());
            }
            return kinds;
        };
        (*m_bob)->sessions().connectTo(QString(), 0, m_alice->id());
        QTRY_COMPARE_WITH_TIMEOUT(linkKinds(QStringLiteral("peer.online")),
                                  QStringList{QStringLiteral("direct")}, Timeout);
        QString error;
        QVERIFY((*m_bob)->messenger().sendText(m_alice->id(), QStringLiteral("hi"), {}, &error));
        ConversationInfo header(m_alice->node());
        header.setConversationId(m_bob->id());
        QTRY_VERIFY_WITH_TIMEOUT(header.exists(), Timeout); // once Bob's message is stored
        QCOMPARE(header.linkKind(), QStringLiteral("direct"));
        linkBob(); // over TCP on loopback, which both keep
        QTRY_VERIFY_WITH_TIMEOUT(
            linkKinds(QStringLiteral("peer.updated")).contains(QStringLiteral("lan")), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(header.linkKind(), QStringLiteral("lan"), Timeout);
        QCOMPARE(linkKinds(QStringLiteral("peer.online")).size(), 1); // never offline between
        QVERIFY(events.events(QStringLiteral("peer.offline")).isEmpty());
    }

    void rotatingTheTokenClosesEveryWebSocket()
    {
        EventProbe watcher;
        watcher.open(m_port, {}, m_token);
        QVERIFY(watcher.waitReady());
        EventProbe rotator(origin(m_port));
        rotator.open(m_port, m_token);
        QVERIFY(rotator.waitReady());
        const QJsonObject reply =
            rotator.command(1, "POST", QStringLiteral("/api/v1/token/rotate"));
        QCOMPARE(reply[QStringLiteral("status")].toInt(), 200); // the answer comes before the close
        const QByteArray fresh =
            reply[QStringLiteral("body")][QStringLiteral("token")].toString().toLatin1();
        QTRY_VERIFY_WITH_TIMEOUT(watcher.ended() && rotator.ended(), Timeout);
        QCOMPARE(watcher.closeCode(), 4401);
        QTRY_COMPARE_WITH_TIMEOUT((*m_alice)->bridge()->webSocketCount(), 0, Timeout);

        EventProbe stale;
        stale.open(m_port, {}, m_token);
        QVERIFY(stale.wasRefused(401));
        EventProbe renewed;
        renewed.open(m_port, {}, fresh);
        QVERIFY(renewed.waitReady());
    }
};

QTEST_GUILESS_MAIN(TestBridgeEvents)
#include "tst_bridgeevents.moc"
