// The rendezvous through a mutual contact, with three real nodes over loopback TLS: Carol is
// connected to Ann and to Ben, who do not know each other. Carol hands Ann what Ben signed, and
// passes sealed signals on without being able to read them.
#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "ice/contactrendezvous.h"
#include "ice/icesignal.h"
#include "mailbox/courier.h"
#include "mailbox/mailboxprotocol.h"
#include "mailbox/peermailboxes.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "peertestutil.h"
#include "rawtlspeer.h"
#include "testnode.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 10000;
using PeerTest::connected;
} // namespace

class TestContactRendezvous : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestNode> m_ann, m_ben, m_carol;

private Q_SLOTS:
    void init()
    {
        m_ann = std::make_unique<TestNode>(QStringLiteral("Ann"));
        m_ben = std::make_unique<TestNode>(QStringLiteral("Ben"));
        m_carol = std::make_unique<TestNode>(QStringLiteral("Carol"));
        QString error;
        QVERIFY((*m_ann)->connectTo(m_carol->address(), &error));
        QVERIFY((*m_ben)->connectTo(m_carol->address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(connected(*m_ann, *m_carol) && connected(*m_ben, *m_carol),
                                 Timeout);
        // Ben's signed record (his envelope key) reaches Carol once his session is up.
        QTRY_VERIFY_WITH_TIMEOUT((*m_carol)->courier().records().find(m_ben->id()), Timeout);
        QVERIFY(!(*m_ann)->sessions().isConnected(m_ben->id()));
    }
    void cleanup()
    {
        m_ann.reset();
        m_ben.reset();
        m_carol.reset();
    }

    void findsThroughAMutualContactAndCarriesSealedSignals()
    {
        QSignalSpy found(&(*m_ann)->rendezvous(), &Rendezvous::found);
        QSignalSpy received(&(*m_ben)->rendezvous(), &Rendezvous::received);
        (*m_ann)->rendezvous().lookup(m_ben->id());
        QTRY_COMPARE_WITH_TIMEOUT(found.count(), 1, Timeout);
        const auto peer = found.first().first().value<RendezvousPeer>();
        QCOMPARE(peer.deviceId, m_ben->id());
        QCOMPARE(peer.envelopeKey, (*m_ben)->courier().envelopeKey());
        QCOMPARE(peer.certificate, (*m_ben)->identity().certificate().toDer());
        QCOMPARE(peer.route, m_carol->id());

        IceSignal signal;
        signal.from = m_ann->id();
        signal.to = m_ben->id();
        signal.sessionId = QByteArray(IceSignals::SessionIdSize, 'x');
        signal.sentAtMs = QDateTime::currentMSecsSinceEpoch();
        signal.senderCertificate = (*m_ann)->identity().certificate().toDer();
        signal.replyKey = (*m_ann)->courier().envelopeKey();
        signal.description = QStringLiteral("a=ice-ufrag:u\r\n");
        const auto sealed = IceSignals::seal(signal, (*m_ann)->identity(), peer.envelopeKey);
        QVERIFY(sealed);
        QVERIFY((*m_ann)->rendezvous().deliver(peer.route, m_ben->id(), *sealed));
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, Timeout);
        QCOMPARE(received.first().at(0).toByteArray(), *sealed);    // passed on unchanged
        QCOMPARE(received.first().at(1).toString(), m_carol->id()); // the way back
        QString why;
        const auto opened = IceSignals::open(*sealed, (*m_ben)->courier().envelopeKeyPair(),
                                             m_ben->id(), signal.sentAtMs, &why);
        QVERIFY2(opened, qPrintable(why));
        QCOMPARE(opened->from, m_ann->id());
    }

    void aDeviceNoContactKnowsIsNotFound()
    {
        QSignalSpy notFound(&(*m_ann)->rendezvous(), &Rendezvous::notFound);
        const QString stranger = PeerTest::someId(7);
        (*m_ann)->rendezvous().lookup(stranger);
        // Carol answers that she does not know it; no timeout is waited for.
        QTRY_COMPARE_WITH_TIMEOUT(notFound.count(), 1, 3000);
        QCOMPARE(notFound.first().first().toString(), stranger);
    }

    void noContactOnlineMeansNotFoundAtOnce()
    {
        TestNode alone(QStringLiteral("Dan"));
        QSignalSpy notFound(&alone->rendezvous(), &Rendezvous::notFound);
        alone->rendezvous().lookup(m_ben->id());
        QCOMPARE(notFound.count(), 1);
        QVERIFY(notFound.first().at(1).toString().contains(QStringLiteral("no contact")));
    }

    // Eve, Ann's only contact online, answers for Ben: with her own certificate, then with
    // Ben's certificate and a record she signed. Ann believes neither.
    void aLyingContactIsNotBelieved()
    {
        m_carol.reset();
        QTRY_VERIFY_WITH_TIMEOUT((*m_ann)->sessions().connectedPeers().isEmpty(), Timeout);
        RawTlsPeer eve;
        eve.connectTo((*m_ann)->port());
        QTRY_VERIFY_WITH_TIMEOUT(eve.isEncrypted(), Timeout);
        Protocol::Hello hello = eve.hello();
        hello.capabilities << ContactRendezvous::Capability;
        eve.send(Protocol::encodeHello(hello));
        QTRY_VERIFY_WITH_TIMEOUT((*m_ann)->sessions().isConnected(eve.id()), Timeout);

        QTemporaryDir eveKeys;
        QString error;
        const auto eveIdentity = Identity::loadOrCreate(eveKeys.path(), &error);
        QVERIFY2(eveIdentity, qPrintable(error));
        const QByteArray forgedRecord =
            MailboxProtocol::encodeRecord({m_ben->id(),
                                           Hpke::generateKeyPair().publicKey,
                                           {},
                                           QDateTime::currentMSecsSinceEpoch()},
                                          *eveIdentity)
                .toCborValue()
                .toCbor();
        QSignalSpy found(&(*m_ann)->rendezvous(), &Rendezvous::found);
        QSignalSpy notFound(&(*m_ann)->rendezvous(), &Rendezvous::notFound);
        const QList<QByteArray> certificates{eveIdentity->certificate().toDer(),
                                             (*m_ben)->identity().certificate().toDer()};
        for (const QByteArray &certificate : certificates) {
            const int asked = eve.receivedCount(QStringLiteral("rdq"));
            (*m_ann)->rendezvous().lookup(m_ben->id());
            QTRY_COMPARE_WITH_TIMEOUT(eve.receivedCount(QStringLiteral("rdq")), asked + 1, Timeout);
            eve.send({{QStringLiteral("t"), QStringLiteral("rdr")},
                      {QStringLiteral("id"), m_ben->id()},
                      {QStringLiteral("cert"), certificate},
                      {QStringLiteral("rec"), forgedRecord}});
            QTRY_COMPARE_WITH_TIMEOUT(notFound.count(), certificates.indexOf(certificate) + 1,
                                      3000); // at her answer, not by the timeout
        }
        QCOMPARE(found.count(), 0);
    }

    // Reaching beyond the LAN is one setting, applied at once; its servers are checked.
    void theSettingTurnsItOnAndOff()
    {
        Node &ann = m_ann->node();
        QString error;
        QVERIFY(!ann.sessions().reachesDevicesById());
        QVERIFY(!ann.connectTo(QStringLiteral("tincan://") + m_ben->id(), &error));
        QVERIFY2(error.contains(QStringLiteral("--internet")), qPrintable(error));
        QVERIFY(ann.setSetting(QStringLiteral("internet"), true, &error));
        QVERIFY(ann.sessions().reachesDevicesById());
        QVERIFY(!ann.setSetting(QStringLiteral("stunServers"),
                                QJsonArray{QStringLiteral("stun_1.example.org:3478")}, &error));
        QVERIFY2(error.contains(QStringLiteral("no valid host")), qPrintable(error));
        QVERIFY(ann.setSetting(QStringLiteral("turnServers"),
                               QJsonArray{QStringLiteral("turn://u:p@192.0.2.1:3478")}, &error));
        QVERIFY(ann.setSetting(QStringLiteral("internet"), false, &error));
        QVERIFY(!ann.sessions().reachesDevicesById());
    }

    // One device may ask a contact 30 things a minute; beyond that the contact stays silent.
    void aContactAnswersWithinARateLimit()
    {
        QSignalSpy notFound(&(*m_ann)->rendezvous(), &Rendezvous::notFound);
        for (int i = 0; i < 31; ++i)
            (*m_ann)->rendezvous().lookup(PeerTest::someId(100 + i));
        QTRY_COMPARE_WITH_TIMEOUT(notFound.count(), 30, Timeout);
        // The 31st ends by its own timeout (5 s), not by an answer from Carol.
        QElapsedTimer clock;
        clock.start();
        QTRY_COMPARE_WITH_TIMEOUT(notFound.count(), 31, Timeout);
        QVERIFY(clock.elapsed() > 3000);
        QVERIFY(notFound.last().at(1).toString().contains(QStringLiteral("no online contact")));
    }
};

QTEST_GUILESS_MAIN(TestContactRendezvous)
#include "tst_contactrendezvous.moc"
