// The DHT rendezvous over real OpenDHT nodes on loopback, inside a private namespace: Ada finds
// Ben by his id alone, an offer and an answer cross, and Ben's ICE transport refuses a replayed
// offer, one signed by the wrong key and one sealed to someone else, saying so in its log.
#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "dht/dhtnode.h"
#include "dht/dhtrecord.h"
#include "dht/dhtrendezvous.h"
#include "ice/icelink.h"
#include "ice/icesignal.h"
#include "ice/icetransport.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace Tincan;

namespace {
QStringList s_log;
QtMessageHandler s_previous = nullptr;
void recordLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    s_log.append(message);
    s_previous(type, context, message);
}
bool logged(const QString &text)
{
    return std::any_of(s_log.cbegin(), s_log.cend(),
                       [&](const QString &line) { return line.contains(text); });
}
constexpr int kDhtTimeoutMs = 30000;
} // namespace

class TestDhtRendezvous : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dirs[3];
    std::optional<Identity> m_ada, m_ben, m_eve;
    Hpke::KeyPair m_adaKey = Hpke::generateKeyPair();
    Hpke::KeyPair m_benKey = Hpke::generateKeyPair();
    Hpke::KeyPair m_eveKey = Hpke::generateKeyPair();
    DhtNode m_boot, m_adaNode, m_benNode;
    std::unique_ptr<DhtRendezvous> m_adaDht, m_benDht;
    std::unique_ptr<IceTransport> m_benIce;
    QList<Link *> m_incoming;

    IceSignal signal(IceSignal::Kind kind, const Identity &from, const Identity &to,
                     const QByteArray &replyKey) const
    {
        IceSignal s;
        s.kind = kind;
        s.from = from.id();
        s.to = to.id();
        s.sessionId = QByteArray(IceSignals::SessionIdSize, Qt::Uninitialized);
        for (char &c : s.sessionId)
            c = char(QRandomGenerator::global()->bounded(256));
        s.sentAtMs = QDateTime::currentMSecsSinceEpoch();
        s.senderCertificate = from.certificate().toDer();
        s.replyKey = replyKey;
        s.description = QStringLiteral("a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\n"
                                       "a=candidate:1 1 UDP 1 127.0.0.1 4000 typ host\r\n");
        return s;
    }
    // Ada's way to Ben, as the DHT gives it: found() after his record is stored.
    RendezvousPeer findBen()
    {
        QSignalSpy found(m_adaDht.get(), &Rendezvous::found);
        QSignalSpy notFound(m_adaDht.get(), &Rendezvous::notFound);
        QDeadlineTimer deadline(kDhtTimeoutMs);
        while (found.isEmpty() && !deadline.hasExpired()) {
            const qsizetype misses = notFound.size();
            m_adaDht->lookup(m_ben->id());
            // Each lookup ends in found() or notFound(); a miss is retried (the record may not
            // be stored yet).
            if (!QTest::qWaitFor([&] { return !found.isEmpty() || notFound.size() > misses; },
                                 kDhtTimeoutMs))
                break;
            if (found.isEmpty())
                QTest::qWait(200);
        }
        return found.isEmpty() ? RendezvousPeer{} : found.first().first().value<RendezvousPeer>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        s_previous = qInstallMessageHandler(recordLog);
        QString error;
        m_ada = Identity::loadOrCreate(m_dirs[0].path(), &error);
        m_ben = Identity::loadOrCreate(m_dirs[1].path(), &error);
        m_eve = Identity::loadOrCreate(m_dirs[2].path(), &error);
        QVERIFY2(m_ada && m_ben && m_eve, qPrintable(error));
        QVERIFY2(m_boot.start(0, {}, &error), qPrintable(error));
        const QList<DhtBootstrapNode> boot{{QStringLiteral("127.0.0.1"), m_boot.port()}};
        QVERIFY2(m_adaNode.start(0, boot, &error), qPrintable(error));
        QVERIFY2(m_benNode.start(0, boot, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(m_adaNode.knownNodes() > 0 && m_benNode.knownNodes() > 0,
                                 kDhtTimeoutMs);
        m_adaDht = std::make_unique<DhtRendezvous>(m_adaNode, *m_ada, m_adaKey.publicKey);
        m_benDht = std::make_unique<DhtRendezvous>(m_benNode, *m_ben, m_benKey.publicKey);
        m_benIce = std::make_unique<IceTransport>(*m_ben, m_benKey, SessionLimits{}, IceConfig{});
        m_benIce->addRendezvous(m_benDht.get());
        QVERIFY(m_benIce->listen({}, 0, &error));
        connect(m_benIce.get(), &Transport::incomingLink, this,
                [this](Link *link) { m_incoming.append(link); });
    }

    void cleanupTestCase()
    {
        qDeleteAll(m_incoming);
        m_benIce.reset();
        qInstallMessageHandler(s_previous);
    }

    void aFoundDeviceAndItsRecord()
    {
        const RendezvousPeer ben = findBen();
        QCOMPARE(ben.deviceId, m_ben->id());
        QCOMPARE(ben.certificate, m_ben->certificate().toDer());
        QCOMPARE(ben.envelopeKey, m_benKey.publicKey);
        QVERIFY(!ben.route.isEmpty());
    }

    void aDeviceNotOnTheDht()
    {
        QSignalSpy notFound(m_adaDht.get(), &Rendezvous::notFound);
        m_adaDht->lookup(m_eve->id());
        QTRY_COMPARE_WITH_TIMEOUT(notFound.size(), 1, kDhtTimeoutMs);
        QCOMPARE(notFound.first().first().toString(), m_eve->id());
    }

    // The offer reaches Ben's transport, which takes it (an incoming ICE link); the answer
    // goes back by the route the offer named.
    void offerAndAnswerCross()
    {
        const RendezvousPeer ben = findBen();
        QVERIFY(!ben.route.isEmpty());
        QSignalSpy atBen(m_benDht.get(), &Rendezvous::received);
        QSignalSpy atAda(m_adaDht.get(), &Rendezvous::received);
        const auto offer =
            IceSignals::seal(signal(IceSignal::Kind::Offer, *m_ada, *m_ben, m_adaKey.publicKey),
                             *m_ada, ben.envelopeKey);
        QVERIFY(offer && m_adaDht->deliver(ben.route, ben.deviceId, *offer));
        QTRY_COMPARE_WITH_TIMEOUT(atBen.size(), 1, kDhtTimeoutMs);
        QCOMPARE(atBen.first().first().toByteArray(), *offer);
        QTRY_COMPARE_WITH_TIMEOUT(m_incoming.size(), 1, 5000);
        QCOMPARE(m_incoming.first()->target(), QStringLiteral("ice:") + m_ada->id().left(12));

        const QString back = atBen.first().at(1).toString();
        const auto answer =
            IceSignals::seal(signal(IceSignal::Kind::Answer, *m_ben, *m_ada, m_benKey.publicKey),
                             *m_ben, m_adaKey.publicKey);
        QVERIFY(answer && m_benDht->deliver(back, m_ada->id(), *answer));
        QTRY_COMPARE_WITH_TIMEOUT(atAda.size(), 1, kDhtTimeoutMs);
        QCOMPARE(atAda.first().first().toByteArray(), *answer);

        // Replayed: the same sealed offer put again. Seen by the DHT as a new value, refused by
        // the transport by its session id.
        QVERIFY(m_adaDht->deliver(ben.route, ben.deviceId, *offer));
        QTRY_VERIFY_WITH_TIMEOUT(logged(QStringLiteral("a replayed offer")), kDhtTimeoutMs);
        QCOMPARE(m_incoming.size(), 1);
    }

    void forgedOffersAreRefusedAndLogged_data()
    {
        QTest::addColumn<bool>("wrongSigner"); // else sealed to someone else
        QTest::addColumn<QString>("why");
        QTest::newRow("signed by Eve as Ada")
            << true
            << QStringLiteral("a signal whose signature or certificate is not its sender's");
        QTest::newRow("sealed to Eve")
            << false << QStringLiteral("a signal not sealed to this device");
    }

    void forgedOffersAreRefusedAndLogged()
    {
        QFETCH(bool, wrongSigner);
        QFETCH(QString, why);
        const RendezvousPeer ben = findBen();
        QVERIFY(!ben.route.isEmpty());
        QSignalSpy atBen(m_benDht.get(), &Rendezvous::received);
        const IceSignal offer = signal(IceSignal::Kind::Offer, *m_ada, *m_ben, m_adaKey.publicKey);
        const auto sealed = wrongSigner ? IceSignals::seal(offer, *m_eve, m_benKey.publicKey)
                                        : IceSignals::seal(offer, *m_ada, m_eveKey.publicKey);
        s_log.clear();
        QVERIFY(sealed && m_adaDht->deliver(ben.route, ben.deviceId, *sealed));
        QTRY_COMPARE_WITH_TIMEOUT(atBen.size(), 1, kDhtTimeoutMs);
        // The transport judges what arrived at once (a direct connection): the barrier.
        QVERIFY2(logged(QStringLiteral("refused an ICE signal through dht")) && logged(why),
                 qPrintable(s_log.join(u'\n')));
        QCOMPARE(m_incoming.size(), 1);
    }

    // What DHT nodes store at Ben's key names neither Ben nor Ada.
    void storedValuesNameNoOne()
    {
        const QByteArray key = DhtRecords::listenKey(
            m_ben->id(), DhtRecords::dayOf(QDateTime::currentMSecsSinceEpoch()));
        QList<QByteArray> values;
        bool done = false;
        m_boot.get(key, [&](const QList<QByteArray> &found, bool end) {
            values += found;
            done = end;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, kDhtTimeoutMs);
        QVERIFY(values.size() >= 2); // Ben's record, the offers
        for (const QByteArray &value : std::as_const(values)) {
            for (const Identity *who : {&*m_ada, &*m_ben}) {
                QVERIFY(!value.contains(who->id().toLatin1()));
                QVERIFY(!value.contains(QByteArray::fromHex(who->id().toLatin1())));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestDhtRendezvous)
#include "tst_dhtrendezvous.moc"
