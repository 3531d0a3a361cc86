// Who gets in: token, Origin and Host checks, the failure limit, and the error answers (400,
// 404, 405, 413, 426) of a real bridge on loopback.
#include "bridge/bridge.h"
#include "bridge/bridgetoken.h"
#include "bridgetestclient.h"
#include "testnode.h"

#include <QFile>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <vector>

namespace {
using Sockets = std::vector<std::unique_ptr<QTcpSocket>>;

// count connections to the bridge, in order, each announcing a 1000-byte body and sending 2
// bytes of it; with everyOther, every second one sends nothing at all.
Sockets stalledConnections(quint16 port, int count, bool everyOther)
{
    const QByteArray head =
        "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
        "\r\nContent-Length: 1000\r\n\r\nab";
    Sockets sockets;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, port);
        socket->waitForConnected(5000);
        if (!everyOther || i % 2 == 0)
            socket->write(head);
        sockets.push_back(std::move(socket));
        QTest::qWait(2); // the bridge accepts them in this order
    }
    return sockets;
}

qsizetype closedCount(const Sockets &sockets)
{
    return std::count_if(sockets.begin(), sockets.end(), [](const auto &s) {
        return s->state() == QAbstractSocket::UnconnectedState;
    });
}
} // namespace

class TestBridgeAuth : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestNode> m_node;
    std::unique_ptr<BridgeTestClient> m_client;

private Q_SLOTS:
    void init()
    {
        m_node =
            std::make_unique<TestNode>(QStringLiteral("Alice"), BridgeTestClient::nodeConfig());
        QVERIFY(m_node->node().bridge());
        m_client = BridgeTestClient::of(*m_node);
    }

    void cleanup()
    {
        m_client.reset();
        m_node.reset();
    }

    void nodeJsonNamesThePortAndTheTokenFileIsPrivate()
    {
        QFile info(m_node->node().nodeInfoPath());
        QVERIFY(info.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(info.readAll()).object();
        QCOMPARE(
            json.value(QStringLiteral("bridge")).toObject().value(QStringLiteral("port")).toInt(),
            int(m_client->port()));
        const QString tokenPath = Tincan::BridgeToken::filePath(m_node->profileDir());
        const auto permissions = QFile::permissions(tokenPath);
        QVERIFY(permissions.testFlags(QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(!(permissions & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther |
                                 QFile::WriteOther | QFile::ExeOwner)));
        QString error;
        QCOMPARE(*Tincan::BridgeToken::read(m_node->profileDir(), &error), m_client->token());
        QCOMPARE(m_client->token().size(), 43);
    }

    void theStaticPageNeedsNoTokenButTheApiDoes()
    {
        const auto page = m_client->request("GET", QStringLiteral("/"), {}, {}, false);
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("<html"));
        QVERIFY(page.headers.value("content-security-policy").contains("frame-ancestors 'none'"));
        QCOMPARE(m_client->request("GET", QStringLiteral("/app.js"), {}, {}, false).status, 200);
        QCOMPARE(m_client->request("GET", QStringLiteral("/style.css"), {}, {}, false).status, 200);

        const auto missing =
            m_client->request("GET", QStringLiteral("/api/v1/identity"), {}, {}, false);
        QCOMPARE(missing.status, 401);
        QVERIFY(missing.error().contains(QStringLiteral("missing token")));
        QVERIFY(missing.headers.value("www-authenticate").startsWith("Bearer"));
        const auto wrong = m_client->request("GET", QStringLiteral("/api/v1/identity"), {},
                                             {{"Authorization", "Bearer not-the-token"}}, false);
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.error(), QStringLiteral("wrong token"));
        // ?token= is for WebSockets only: REST URLs end up in logs and histories.
        const auto query = m_client->request("GET",
                                             QStringLiteral("/api/v1/identity?token=") +
                                                 QString::fromLatin1(m_client->token()),
                                             {}, {}, false);
        QCOMPARE(query.status, 401);
        QCOMPARE(m_client->get(QStringLiteral("/api/v1/identity")).status, 200);
    }

    // "Open web page" puts a one-time code in the address, never the token: the page trades it
    // for the token once, without a token of its own, and only from the bridge's own origin.
    void aOneTimeCodeOpensThePageOnce()
    {
        const auto issued = m_client->request("POST", QStringLiteral("/api/v1/session/code"));
        QCOMPARE(issued.status, 200);
        const QString code = issued.json[QLatin1String("code")].toString();
        const QString url = issued.json[QLatin1String("url")].toString();
        QCOMPARE(url,
                 QStringLiteral("http://127.0.0.1:%1/#code=%2").arg(m_client->port()).arg(code));
        QVERIFY(!url.contains(QString::fromLatin1(m_client->token())));
        QCOMPARE(
            m_client->request("POST", QStringLiteral("/api/v1/session/code"), {}, {}, false).status,
            401); // issuing one needs the token
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("code"), code}}).toJson();
        const QByteArray origin = "http://127.0.0.1:" + QByteArray::number(m_client->port());
        const auto foreign = m_client->request("POST", QStringLiteral("/api/v1/session"), body,
                                               {{"Origin", "https://evil.example"}}, false);
        QCOMPARE(foreign.status, 403);
        const auto traded = m_client->request("POST", QStringLiteral("/api/v1/session"), body,
                                              {{"Origin", origin}}, false);
        QCOMPARE(traded.status, 200);
        QCOMPARE(traded.json[QLatin1String("token")].toString().toLatin1(), m_client->token());
        const auto again = m_client->request("POST", QStringLiteral("/api/v1/session"), body,
                                             {{"Origin", origin}}, false);
        QCOMPARE(again.status, 401);
        QVERIFY(again.error().contains(QStringLiteral("used already")));
    }

    void onlyTheBridgesOwnOriginIsAccepted()
    {
        const QByteArray port = QByteArray::number(m_client->port());
        const QList<QByteArray> own{"http://127.0.0.1:" + port, "http://localhost:" + port,
                                    "http://[::1]:" + port};
        for (const QByteArray &origin : own) {
            const auto reply = m_client->request("GET", QStringLiteral("/api/v1/identity"), {},
                                                 {{"Origin", origin}});
            QVERIFY2(reply.status == 200, origin.constData());
        }
        const QList<QByteArray> foreign{"https://evil.example", "null",
                                        "http://127.0.0.1:" +
                                            QByteArray::number(m_client->port() + 1),
                                        "https://127.0.0.1:" + port};
        for (const QByteArray &origin : foreign) {
            const auto reply = m_client->request("GET", QStringLiteral("/api/v1/identity"), {},
                                                 {{"Origin", origin}});
            QVERIFY2(reply.status == 403, origin.constData());
            QVERIFY(reply.error().contains(QStringLiteral("other web pages")));
        }
        // A cross-site POST, as a form or fetch() of a foreign page would send it.
        const auto post = m_client->request(
            "POST", QStringLiteral("/api/v1/messages"), R"({"to":"x","text":"hi"})",
            {{"Origin", "https://evil.example"}, {"Content-Type", "text/plain"}});
        QCOMPARE(post.status, 403);
    }

    void aHostOtherThanTheBridgeIsRefused()
    {
        const QByteArray port = QByteArray::number(m_client->port());
        const QByteArray token = m_client->token();
        const auto ask = [&](const QByteArray &host) {
            return m_client->raw("GET /api/v1/identity HTTP/1.1\r\nHost: " + host +
                                 "\r\nAuthorization: Bearer " + token + "\r\n\r\n");
        };
        QCOMPARE(ask("127.0.0.1:" + port).status, 200);
        QCOMPARE(ask("localhost:" + port).status, 200);
        QCOMPARE(ask("[::1]:" + port).status, 200);
        // DNS rebinding: a foreign name that resolves to 127.0.0.1.
        const auto rebound = ask("evil.example:" + port);
        QCOMPARE(rebound.status, 403);
        QVERIFY(rebound.error().contains(QStringLiteral("Host")));
        QCOMPARE(ask("127.0.0.1:1").status, 403);
        QCOMPARE(m_client->raw("GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n").status, 403);
    }

    void repeatedWrongTokensAreRateLimited()
    {
        for (int i = 0; i < 10; ++i) {
            const auto reply = m_client->request("GET", QStringLiteral("/api/v1/peers"), {},
                                                 {{"Authorization", "Bearer guess"}}, false);
            QCOMPARE(reply.status, 401);
        }
        // Wrong tokens now wait; the right one is never locked out by someone else's guesses.
        const auto limited = m_client->request("GET", QStringLiteral("/api/v1/peers"), {},
                                               {{"Authorization", "Bearer guess"}}, false);
        QCOMPARE(limited.status, 429);
        QVERIFY(limited.headers.value("retry-after").toInt() > 0);
        QCOMPARE(m_client->get(QStringLiteral("/api/v1/peers")).status, 200);
        EventProbe wrong;
        wrong.open(m_client->port(), "guess");
        QVERIFY(wrong.wasRefused(429));
    }

    void errorsAreJsonWithTheRightStatus()
    {
        const auto unknown = m_client->get(QStringLiteral("/api/v1/nothing"));
        QCOMPARE(unknown.status, 404);
        QVERIFY(unknown.error().contains(QStringLiteral("/api/v1/nothing")));
        QCOMPARE(m_client->get(QStringLiteral("/nothing")).status, 404);

        const auto wrongMethod = m_client->request("DELETE", QStringLiteral("/api/v1/peers"));
        QCOMPARE(wrongMethod.status, 405);
        QCOMPARE(wrongMethod.headers.value("allow"), QByteArray("GET, POST"));
        QVERIFY(!wrongMethod.error().isEmpty());

        const auto notJson = m_client->request("POST", QStringLiteral("/api/v1/messages"), "{to:");
        QCOMPARE(notJson.status, 400);
        QVERIFY(notJson.error().contains(QStringLiteral("not valid JSON")));
        QCOMPARE(m_client->request("POST", QStringLiteral("/api/v1/messages"), "[1]").error(),
                 QStringLiteral("the body must be a JSON object"));
        QCOMPARE(m_client->request("POST", QStringLiteral("/api/v1/messages")).error(),
                 QStringLiteral("the request needs a JSON object as its body"));
        const auto missing = m_client->post(QStringLiteral("/api/v1/messages"),
                                            {{QStringLiteral("to"), m_node->id()}});
        QCOMPARE(missing.status, 400);
        QCOMPARE(missing.error(), QStringLiteral("missing field 'text'"));
        const auto type = m_client->post(
            QStringLiteral("/api/v1/messages"),
            {{QStringLiteral("to"), 42}, {QStringLiteral("text"), QStringLiteral("x")}});
        QCOMPARE(type.error(), QStringLiteral("'to' must be a string"));
        const auto extra =
            m_client->post(QStringLiteral("/api/v1/peers"),
                           {{QStringLiteral("target"), QStringLiteral("127.0.0.1:1")},
                            {QStringLiteral("force"), true}});
        QCOMPARE(extra.status, 400);
        QVERIFY(extra.error().startsWith(QStringLiteral("unknown field 'force'")));

        const QByteArray big(300 * 1024, 'x');
        const auto tooLarge = m_client->request("POST", QStringLiteral("/api/v1/messages"),
                                                "{\"to\":\"" + big + "\"}");
        QCOMPARE(tooLarge.status, 413);
        QVERIFY(tooLarge.error().contains(QStringLiteral("larger than")));

        const auto plain = m_client->get(QStringLiteral("/api/v1/events"));
        QCOMPARE(plain.status, 426);
    }

    void aHugeBodyCostsTheConnectionNotTheMemory()
    {
        // A body whose size the headers do not tell (chunked): beyond 1 MiB without an answer
        // the connection is cut while it is still sending.
        const QByteArray head = "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:" +
                                QByteArray::number(m_client->port()) +
                                "\r\nTransfer-Encoding: chunked\r\n\r\n300000\r\n";
        const auto reply = m_client->raw(head + QByteArray(3 * 1024 * 1024, 'x'));
        QCOMPARE(reply.status, 0);
        QCOMPARE(m_client->get(QStringLiteral("/api/v1/identity")).status, 200);
    }

    void aBodyTooLargeIsRefusedFromItsHeaders()
    {
        // What curl sends for a 20 MB POST: the headers, then it waits for an answer before
        // sending the body. The answer is 413 at once, not a reset connection.
        const QByteArray head = "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:" +
                                QByteArray::number(m_client->port()) +
                                "\r\nAuthorization: Bearer " + m_client->token() +
                                "\r\nContent-Type: application/json"
                                "\r\nContent-Length: 20000000\r\nExpect: 100-continue\r\n\r\n";
        const auto reply = m_client->raw(head);
        QCOMPARE(reply.status, 413);
        QVERIFY2(reply.error().contains(QStringLiteral("larger than 262144 bytes")),
                 reply.body.constData());
        QCOMPARE(reply.headers.value("connection"), QByteArray("close"));
        // With its body right behind the headers, too, and nothing of it reaches the API.
        const auto withBody = m_client->raw(head + QByteArray(300000, 'x'));
        QCOMPARE(withBody.status, 413);
        QCOMPARE(m_client->get(QStringLiteral("/api/v1/identity")).status, 200);
    }

    void slowRequestsAreCutAndFreeTheirConnections()
    {
        // 64 connections that announce a body and send 2 bytes of it, or nothing at all, would
        // hold every connection the bridge allows: each is closed after the request timeout.
        Tincan::NodeConfig config = BridgeTestClient::nodeConfig();
        config.bridgeTimeouts.request = std::chrono::milliseconds(500);
        TestNode node(QStringLiteral("Slow"), config);
        auto client = BridgeTestClient::of(node);
        const Sockets stalled = stalledConnections(client->port(), 64, true);
        QTRY_COMPARE_WITH_TIMEOUT(closedCount(stalled), qsizetype(64), 10000);
        QCOMPARE(client->get(QStringLiteral("/api/v1/identity")).status, 200);
    }

    void aFullBridgeMakesRoomForANewClient()
    {
        // Long timeouts: while 64 stalled connections hold every slot, a new client is served
        // at once; the connection that waited longest for a whole request gives way.
        Tincan::NodeConfig config = BridgeTestClient::nodeConfig();
        config.bridgeTimeouts.request = std::chrono::minutes(5);
        TestNode node(QStringLiteral("Full"), config);
        auto client = BridgeTestClient::of(node);
        const Sockets stalled = stalledConnections(client->port(), 64, false);
        QCOMPARE(client->get(QStringLiteral("/api/v1/identity")).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(stalled.front()->state() == QAbstractSocket::UnconnectedState,
                                 5000);
        QCOMPARE(client->get(QStringLiteral("/api/v1/identity")).status, 200); // a barrier
        QCOMPARE(closedCount(stalled), qsizetype(1));
    }
};

QTEST_GUILESS_MAIN(TestBridgeAuth)
#include "tst_bridgeauth.moc"
