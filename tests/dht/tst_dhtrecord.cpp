// What Tincan stores in the DHT: keys that rotate daily and name no one, a record only who knows
// the id can open and check, and values decoded strictly.
#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "dht/dhtconfig.h"
#include "dht/dhtrecord.h"
#include "mailbox/mailboxprotocol.h"

#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Tincan;
using DhtRecords::Value;

class TestDhtRecord : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dirs[2];
    std::optional<Identity> m_ben, m_eve;
    Hpke::KeyPair m_benKey = Hpke::generateKeyPair();
    const qint64 m_day = 20'000;

    QByteArray signedRecord(const Identity &who, const QByteArray &key) const
    {
        return MailboxProtocol::encodeRecord({who.id(), key, {}, 1}, who).toCborValue().toCbor();
    }
    Value bensRecord() const
    {
        return DhtRecords::sealRecord(m_ben->id(), m_day, m_ben->certificate().toDer(),
                                      signedRecord(*m_ben, m_benKey.publicKey));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_ben = Identity::loadOrCreate(m_dirs[0].path(), &error);
        m_eve = Identity::loadOrCreate(m_dirs[1].path(), &error);
        QVERIFY2(m_ben && m_eve, qPrintable(error));
    }

    void listenKeysRotateAndNameNoOne()
    {
        const QByteArray today = DhtRecords::listenKey(m_ben->id(), m_day);
        QCOMPARE(today.size(), DhtRecords::KeySize);
        QCOMPARE(DhtRecords::listenKey(m_ben->id(), m_day), today);
        QVERIFY(DhtRecords::listenKey(m_ben->id(), m_day + 1) != today);
        QVERIFY(DhtRecords::listenKey(m_eve->id(), m_day) != today);
        QVERIFY(!QByteArray::fromHex(m_ben->id().toLatin1()).contains(today.left(8)));
        QCOMPARE(DhtRecords::dayOf(DhtRecords::DayMs * 3 + 5), qint64(3));
    }

    void recordOpensOnlyWithTheId()
    {
        const Value record = bensRecord();
        const QByteArray bytes = DhtRecords::encode(record);
        // Neither the id nor the certificate shows to a DHT node that stores it.
        QVERIFY(!bytes.contains(m_ben->id().toLatin1()));
        QVERIFY(!bytes.contains(QByteArray::fromHex(m_ben->id().toLatin1())));
        QVERIFY(!bytes.contains(m_ben->certificate().toDer().mid(40, 32)));
        QString why;
        const auto decoded = DhtRecords::decode(bytes, &why);
        QVERIFY2(decoded, qPrintable(why));
        const auto peer =
            DhtRecords::openRecord(*decoded, m_ben->id(), m_day, QStringLiteral("route"), &why);
        QVERIFY2(peer, qPrintable(why));
        QCOMPARE(peer->deviceId, m_ben->id());
        QCOMPARE(peer->envelopeKey, m_benKey.publicKey);
        QCOMPARE(peer->certificate, m_ben->certificate().toDer());
        QCOMPARE(peer->route, QStringLiteral("route"));
        // Another id, or another day, does not open it.
        QVERIFY(!DhtRecords::openRecord(*decoded, m_eve->id(), m_day, {}, &why));
        QVERIFY(!DhtRecords::openRecord(*decoded, m_ben->id(), m_day + 1, {}, &why));
    }

    // Eve knows Ben's id and puts a record of her own making at his key: her certificate does
    // not hash to his id, and his certificate does not sign her envelope key.
    void forgedRecordsAreRefused()
    {
        QString why;
        const Value withEvesCert =
            DhtRecords::sealRecord(m_ben->id(), m_day, m_eve->certificate().toDer(),
                                   signedRecord(*m_eve, m_benKey.publicKey));
        QVERIFY(!DhtRecords::openRecord(withEvesCert, m_ben->id(), m_day, {}, &why));
        QVERIFY2(why.contains(QStringLiteral("certificate")), qPrintable(why));
        const Hpke::KeyPair evesKey = Hpke::generateKeyPair();
        const Value signedByEve =
            DhtRecords::sealRecord(m_ben->id(), m_day, m_ben->certificate().toDer(),
                                   signedRecord(*m_eve, evesKey.publicKey));
        QVERIFY(!DhtRecords::openRecord(signedByEve, m_ben->id(), m_day, {}, &why));
        Value flipped = bensRecord();
        flipped.body[flipped.body.size() - 3] = char(flipped.body.at(flipped.body.size() - 3) ^ 1);
        QVERIFY(!DhtRecords::openRecord(flipped, m_ben->id(), m_day, {}, &why));
        QVERIFY2(why.contains(QStringLiteral("does not open")), qPrintable(why));
    }

    void hostileValues_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not CBOR") << QByteArray("\xff\xff\x00", 3);
        QTest::newRow("trailing bytes") << DhtRecords::encode({Value::Kind::Answer, "x", {}}) + 'x';
        QTest::newRow("too big") << DhtRecords::encode(
            {Value::Kind::Answer, QByteArray(DhtRecords::MaxValueSize, 'x'), {}});
        QTest::newRow("unknown kind") << QByteArray::fromHex("a26174636261646162417a");
        QTest::newRow("offer without reply key")
            << DhtRecords::encode({Value::Kind::Answer, "x", {}}).replace("ans", "off");
        QTest::newRow("empty body") << DhtRecords::encode({Value::Kind::Answer, {}, {}});
    }

    void hostileValues()
    {
        QFETCH(QByteArray, bytes);
        QString why;
        QVERIFY(!DhtRecords::decode(bytes, &why));
        QVERIFY(!why.isEmpty());
    }

    void offersRoundTrip()
    {
        const Value offer{Value::Kind::Offer, "sealed", QByteArray(DhtRecords::KeySize, 'r')};
        QString why;
        const auto decoded = DhtRecords::decode(DhtRecords::encode(offer), &why);
        QVERIFY2(decoded, qPrintable(why));
        QCOMPARE(decoded->kind, Value::Kind::Offer);
        QCOMPARE(decoded->body, QByteArray("sealed"));
        QCOMPARE(decoded->replyKey, offer.replyKey);
    }

    void bootstrapNodes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("formatted"); // empty: refused
        QTest::newRow("name and port") << QStringLiteral("bootstrap.jami.net:4222")
                                       << QStringLiteral("bootstrap.jami.net:4222");
        QTest::newRow("default port")
            << QStringLiteral("dht.example.org") << QStringLiteral("dht.example.org:4222");
        QTest::newRow("IPv4") << QStringLiteral("203.0.113.1:5000")
                              << QStringLiteral("203.0.113.1:5000");
        QTest::newRow("IPv6") << QStringLiteral("[2001:db8::1]:5000")
                              << QStringLiteral("[2001:db8::1]:5000");
        QTest::newRow("IPv6 without brackets")
            << QStringLiteral("2001:db8::1") << QStringLiteral("");
        QTest::newRow("port 0") << QStringLiteral("dht.example.org:0") << QStringLiteral("");
        QTest::newRow("port too big")
            << QStringLiteral("dht.example.org:70000") << QStringLiteral("");
        QTest::newRow("spaces in name")
            << QStringLiteral("dht example.org:4222") << QStringLiteral("");
        QTest::newRow("a scheme") << QStringLiteral("udp://dht.example.org:4222")
                                  << QStringLiteral("");
        QTest::newRow("empty") << QStringLiteral("") << QStringLiteral("");
    }

    void bootstrapNodes()
    {
        QFETCH(QString, text);
        QFETCH(QString, formatted);
        QString why;
        const auto node = parseDhtBootstrap(text, &why);
        QCOMPARE(node ? formatDhtBootstrap(*node) : QString(), formatted);
        QCOMPARE(why.isEmpty(), !formatted.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDhtRecord)
#include "tst_dhtrecord.moc"
