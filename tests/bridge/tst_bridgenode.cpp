// The REST endpoints about the node itself (key changes, settings, scan, token) against a real
// node (Alice, with the bridge) and a peer (Bob), both in-process on loopback.
#include "bridge/bridge.h"
#include "bridgetestclient.h"
#include "chat/messenger.h"
#include "net/sessionmanager.h"
#include "store/messagestore.h"
#include "testnode.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 20000;

} // namespace

class TestBridgeNode : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestNode> m_alice, m_bob;
    std::unique_ptr<BridgeTestClient> m_api;

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

    void keyChangesSettingsAndScan()
    {
        const auto none = m_api->get(QStringLiteral("/api/v1/keychanges"));
        QCOMPARE(none.status, 200);
        QCOMPARE(none.json[QStringLiteral("keyChanges")].toArray().size(), 0);
        QCOMPARE(m_api
                     ->post(QStringLiteral("/api/v1/keychanges/") + QString(64, u'd'),
                            {{QStringLiteral("accept"), true}})
                     .status,
                 404);
        QCOMPARE(m_api
                     ->post(QStringLiteral("/api/v1/keychanges/") + QString(64, u'd'),
                            {{QStringLiteral("accept"), QStringLiteral("yes")}})
                     .status,
                 400);

        const auto settings = m_api->get(QStringLiteral("/api/v1/settings"));
        QCOMPARE(settings.status, 200);
        QCOMPARE(settings.json[QStringLiteral("displayName")].toString(), QStringLiteral("Alice"));
        QCOMPARE(settings.json[QStringLiteral("readReceipts")].toBool(), true);
        QCOMPARE(settings.json[QStringLiteral("theme")].toString(), QStringLiteral("system"));
        // A message from 40 days ago, which a 30-day retention deletes at once.
        IncomingMessage ancient;
        ancient.uuid = newUuid();
        ancient.senderId = QString(64, u'e');
        ancient.sentAt = QDateTime::currentDateTimeUtc().addDays(-40);
        ancient.body = QStringLiteral("ancient");
        QCOMPARE((*m_alice)->messenger().messages().receive(ancient).status, ReceiveStatus::Stored);
        const auto changed =
            m_api->patch(QStringLiteral("/api/v1/settings"),
                         {{QStringLiteral("readReceipts"), false},
                          {QStringLiteral("displayName"), QStringLiteral("Alicia")},
                          {QStringLiteral("retentionDays"), 30}});
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.json[QStringLiteral("retentionDays")].toInt(), 30);
        QVERIFY(!(*m_alice)->messenger().messages().find(ancient.uuid));
        QVERIFY(!(*m_alice)->messenger().sendReadReceipts());
        QCOMPARE((*m_alice)->displayName(), QStringLiteral("Alicia"));
        // Nothing of a bad request is applied.
        const auto bad = m_api->patch(QStringLiteral("/api/v1/settings"),
                                      {{QStringLiteral("readReceipts"), true},
                                       {QStringLiteral("theme"), QStringLiteral("pink")}});
        QCOMPARE(bad.status, 400);
        QVERIFY(!(*m_alice)->messenger().sendReadReceipts());
        QCOMPARE(
            m_api
                ->patch(QStringLiteral("/api/v1/settings"), {{QStringLiteral("bridgePort"), 70000}})
                .status,
            400);
        QCOMPARE(m_api->patch(QStringLiteral("/api/v1/settings"), {{QStringLiteral("windows"), 1}})
                     .status,
                 400);

        // These test nodes run without discovery.
        const auto scan = m_api->post(QStringLiteral("/api/v1/scan"));
        QCOMPARE(scan.status, 501);
        QVERIFY(scan.error().contains(QStringLiteral("discovery")));
    }

    void theSettingsTurnTheBridgeOnAndOff()
    {
        // Bob runs without --bridge: the setting starts one at once, and node.json names it.
        QVERIFY(!(*m_bob)->bridge());
        QString error;
        QVERIFY((*m_bob)->setSetting(QStringLiteral("bridgeEnabled"), true, &error));
        QTRY_VERIFY_WITH_TIMEOUT((*m_bob)->bridge(), Timeout);
        auto bob = BridgeTestClient::of(*m_bob);
        QCOMPARE(bob->get(QStringLiteral("/api/v1/identity")).status, 200);
        QFile info((*m_bob)->nodeInfoPath());
        QVERIFY(info.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(
                     info.readAll())[QStringLiteral("bridge")][QStringLiteral("port")]
                     .toInt(),
                 int(bob->port()));
        // Turned off through the bridge itself: the answer still arrives, then it is gone.
        const auto off = bob->patch(QStringLiteral("/api/v1/settings"),
                                    {{QStringLiteral("bridgeEnabled"), false}});
        QCOMPARE(off.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!(*m_bob)->bridge(), Timeout);
        QCOMPARE(bob->get(QStringLiteral("/api/v1/identity")).status, 0);
        // --bridge (here: Alice's config) wins over the setting: turned on and off again (off
        // alone would change nothing, it is the default), her bridge stays the same one.
        const Bridge *started = (*m_alice)->bridge();
        QVERIFY(started);
        QVERIFY((*m_alice)->setSetting(QStringLiteral("bridgeEnabled"), true, &error));
        QVERIFY((*m_alice)->setSetting(QStringLiteral("bridgeEnabled"), false, &error));
        // Barrier: the node applies a bridge setting in a queued call; one queued after it
        // runs later.
        bool applied = false;
        QMetaObject::invokeMethod(
            &m_alice->node(), [&applied] { applied = true; }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(applied, Timeout);
        QCOMPARE((*m_alice)->bridge(), started);
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/identity")).status, 200);
    }

    void rotatingTheTokenLocksOutTheOldOne()
    {
        const QByteArray old = m_api->token();
        const auto rotated = m_api->post(QStringLiteral("/api/v1/token/rotate"));
        QCOMPARE(rotated.status, 200);
        const QByteArray fresh = rotated.json[QStringLiteral("token")].toString().toLatin1();
        QCOMPARE(fresh.size(), 43);
        QVERIFY(fresh != old);
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/identity")).status, 401);
        m_api->setToken(fresh);
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/identity")).status, 200);
        QCOMPARE((*m_alice)->bridge()->token(), fresh);
    }
};

QTEST_GUILESS_MAIN(TestBridgeNode)
#include "tst_bridgenode.moc"
