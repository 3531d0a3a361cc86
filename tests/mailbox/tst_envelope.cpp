// Sealed envelopes (core/mailbox/envelope.h): what a mailbox holds for an offline contact. The
// recipient reads exactly what was sent and knows who sent it; the mailbox can neither read,
// change, re-address nor extend it; nobody can pass a letter on as their own.

#include "chat/chatprotocol.h"
#include "crypto/fingerprint.h"
#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "mailbox/envelope.h"

#include <QCborMap>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;

namespace {

const QByteArray Marker = "PLAINTEXT-MARKER-7d1f";

EnvelopeHeader header()
{
    return {QByteArray(Envelopes::SlotSize, '\x5a'), 1'900'000'000};
}

QByteArray chatMessage(const QString &text)
{
    ChatProtocol::ChatMessage message;
    message.uuid = QStringLiteral("3f1c2a64-8f0e-4d7b-9a41-2b6c0d9e7f10");
    message.body = text;
    message.sentAt = QDateTime::fromSecsSinceEpoch(1'800'000'000).toUTC();
    return ChatProtocol::encodeMessage(message).toCborValue().toCbor();
}

} // namespace

class TestEnvelope : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dirs[2];
    std::optional<Identity> m_ada;                 // the sender
    std::optional<Identity> m_eve;                 // another device, a would-be impostor
    Hpke::KeyPair m_ben = Hpke::generateKeyPair(); // the recipient's envelope key

    Envelope sealed(const QByteArray &message)
    {
        QString why;
        const auto envelope = Envelopes::seal(header(), message, *m_ada, m_ben.publicKey, &why);
        if (!envelope)
            qFatal("seal failed: %s", qPrintable(why));
        return *envelope;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_ada = Identity::loadOrCreate(m_dirs[0].path(), &error);
        m_eve = Identity::loadOrCreate(m_dirs[1].path(), &error);
        QVERIFY2(m_ada && m_eve, qPrintable(error));
    }

    void theRecipientReadsWhatWasSentAndWho()
    {
        const QByteArray message = chatMessage(QString::fromLatin1(Marker));
        const QByteArray bytes = Envelopes::encode(sealed(message));
        QString why;
        const auto envelope = Envelopes::decode(bytes, &why);
        QVERIFY2(envelope, qPrintable(why));
        QCOMPARE(envelope->header, header());
        const auto letter = Envelopes::open(*envelope, m_ben, &why);
        QVERIFY2(letter, qPrintable(why));
        QCOMPARE(letter->message, message); // the bytes as over a link: the same uuid
        QCOMPARE(letter->senderDevice, m_ada->fingerprint());
        QVERIFY(letter->isSignedBy(spkiDer(m_ada->certificate())));
        // What the messenger will do with it, as with a message from a link.
        const auto decoded =
            ChatProtocol::decodeMessage(QCborValue::fromCbor(letter->message).toMap());
        QVERIFY(decoded);
        QCOMPARE(decoded->body, QString::fromLatin1(Marker));
    }

    void theMailboxSeesNoPlaintextAndNoSender()
    {
        const QByteArray bytes =
            Envelopes::encode(sealed(chatMessage(QString::fromLatin1(Marker))));
        QVERIFY(!bytes.contains(Marker));
        QVERIFY(!bytes.contains(m_ada->fingerprint()));
        QVERIFY(!bytes.contains(m_ada->id().toLatin1()));
        QVERIFY(!bytes.contains(spkiDer(m_ada->certificate())));
        QVERIFY(!bytes.contains(m_ben.publicKey));
        // Two envelopes of the same message share nothing but the outside.
        const Envelope a = sealed(chatMessage(QStringLiteral("same")));
        const Envelope b = sealed(chatMessage(QStringLiteral("same")));
        QVERIFY(a.body != b.body);
        QVERIFY(!b.body.contains(a.body.first(Hpke::PublicKeySize)));
    }

    void everyFlippedByteIsRejected()
    {
        const QByteArray bytes = Envelopes::encode(sealed(chatMessage(QStringLiteral("hello"))));
        int opened = 0;
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            QByteArray altered = bytes;
            altered[i] = static_cast<char>(altered[i] ^ 0x01);
            QString why;
            const auto envelope = Envelopes::decode(altered, &why);
            if (envelope && Envelopes::open(*envelope, m_ben, &why))
                ++opened;
        }
        QCOMPARE(opened, 0);
    }

    void aChangedExpiryOrSlotDoesNotOpen()
    {
        Envelope envelope = sealed(chatMessage(QStringLiteral("hello")));
        QString why;
        Envelope later = envelope;
        later.header.expires += 86400;
        QVERIFY(!Envelopes::open(later, m_ben, &why));
        QVERIFY(why.contains(QLatin1String("changed on the way")));
        Envelope moved = envelope;
        moved.header.slot[0] = 'x';
        QVERIFY(!Envelopes::open(moved, m_ben, &why));
        QVERIFY(Envelopes::open(envelope, m_ben, &why));
    }

    void anotherRecipientCannotOpenIt()
    {
        const Envelope envelope = sealed(chatMessage(QStringLiteral("for Ben")));
        QString why;
        QVERIFY(!Envelopes::open(envelope, Hpke::generateKeyPair(), &why));
        QVERIFY(why.contains(QLatin1String("another key")));
    }

    void aLetterIsOnlyTrustedWithItsSendersKey()
    {
        const Envelope envelope = sealed(chatMessage(QStringLiteral("hello")));
        QString why;
        const auto letter = Envelopes::open(envelope, m_ben, &why);
        QVERIFY(letter);
        QVERIFY(!letter->isSignedBy(spkiDer(m_eve->certificate())));
        QVERIFY(!letter->isSignedBy({}));
        Letter forged = *letter;
        forged.senderDevice = m_eve->fingerprint(); // Eve claims Ada's words as hers
        QVERIFY(!forged.isSignedBy(spkiDer(m_eve->certificate())));
    }

    void aRecipientCannotPassALetterOnAsSentToSomeoneElse()
    {
        // Ben opens Ada's letter and re-seals its inside to Carol: Carol's check must fail,
        // because Ada signed it for Ben's key.
        const Envelope envelope = sealed(chatMessage(QStringLiteral("only for Ben")));
        QString why;
        const auto letter = Envelopes::open(envelope, m_ben, &why);
        QVERIFY(letter);
        const Hpke::KeyPair carol = Hpke::generateKeyPair();
        QCborMap inside;
        inside.insert(QStringLiteral("from"), letter->senderDevice);
        inside.insert(QStringLiteral("msg"), letter->message);
        inside.insert(QStringLiteral("sig"), letter->signature);
        QByteArray aad;
        {
            QCborMap outside;
            outside.insert(QStringLiteral("v"), Envelopes::Version);
            outside.insert(QStringLiteral("slot"), envelope.header.slot);
            outside.insert(QStringLiteral("exp"), envelope.header.expires);
            aad = outside.toCborValue().toCbor();
        }
        const auto body =
            Hpke::seal(carol.publicKey, "tincan envelope v1", aad, inside.toCborValue().toCbor());
        QVERIFY(body);
        const auto passedOn = Envelopes::open({envelope.header, *body}, carol, &why);
        QVERIFY2(passedOn, qPrintable(why)); // it opens: Ben made it for Carol's key
        QCOMPARE(passedOn->senderDevice, m_ada->fingerprint());
        QVERIFY(!passedOn->isSignedBy(spkiDer(m_ada->certificate()))); // but is not Ada's to her
    }

    void badInputGetsAClearError_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QCborMap good = QCborValue::fromCbor(Envelopes::encode(sealed("\xa0"))).toMap();
        auto with = [&](const QString &key, const QCborValue &value) {
            QCborMap map = good;
            map.insert(key, value);
            return map.toCborValue().toCbor();
        };
        auto without = [&](const QString &key) {
            QCborMap map = good;
            map.remove(key);
            return map.toCborValue().toCbor();
        };
        QTest::newRow("empty") << QByteArray() << QStringLiteral("malformed CBOR");
        QTest::newRow("not a map") << QCborValue(5).toCbor() << QStringLiteral("not a CBOR map");
        QTest::newRow("trailing") << QByteArray(good.toCborValue().toCbor() + '\0')
                                  << QStringLiteral("trailing bytes");
        QTest::newRow("version 2")
            << with(QStringLiteral("v"), 2) << QStringLiteral("unsupported envelope version");
        QTest::newRow("no version")
            << without(QStringLiteral("v")) << QStringLiteral("unsupported envelope version");
        QTest::newRow("short slot") << with(QStringLiteral("slot"), QByteArray(15, 'a'))
                                    << QStringLiteral("slot has 16 bytes, not 15");
        QTest::newRow("long slot")
            << with(QStringLiteral("slot"), QByteArray(17, 'a')) << QStringLiteral("\"slot\"");
        QTest::newRow("text slot")
            << with(QStringLiteral("slot"), QStringLiteral("slot")) << QStringLiteral("\"slot\"");
        QTest::newRow("no expiry")
            << without(QStringLiteral("exp")) << QStringLiteral("needs an expiry");
        QTest::newRow("text expiry") << with(QStringLiteral("exp"), QStringLiteral("soon"))
                                     << QStringLiteral("needs an expiry");
        QTest::newRow("no body") << without(QStringLiteral("body"))
                                 << QStringLiteral("\"body\" is missing");
        QTest::newRow("zero expiry")
            << with(QStringLiteral("exp"), 0) << QStringLiteral("needs an expiry");
        QTest::newRow("short body")
            << with(QStringLiteral("body"), QByteArray(80, 'b')) << QStringLiteral("\"body\"");
        QTest::newRow("extra field")
            << with(QStringLiteral("x"), 1) << QStringLiteral("unknown fields");
        QTest::newRow("over the limit")
            << QByteArray(Envelopes::MaxEncodedSize + 1, '\0') << QStringLiteral("over the limit");
    }

    void badInputGetsAClearError()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        QString why;
        QVERIFY(!Envelopes::decode(bytes, &why));
        QVERIFY2(why.contains(reason), qPrintable(why));
    }

    void sealRefusesWhatCouldNotBeDelivered()
    {
        QString why;
        EnvelopeHeader badSlot = header();
        badSlot.slot.chop(1);
        QVERIFY(!Envelopes::seal(badSlot, "\xa0", *m_ada, m_ben.publicKey, &why));
        QVERIFY(!Envelopes::seal({header().slot, 0}, "\xa0", *m_ada, m_ben.publicKey, &why));
        QVERIFY(!Envelopes::seal(header(), {}, *m_ada, m_ben.publicKey, &why));
        QVERIFY(!Envelopes::seal(header(), QByteArray(Envelopes::MaxMessageSize + 1, 'm'), *m_ada,
                                 m_ben.publicKey, &why));
        QVERIFY(why.contains(QLatin1String("bytes")));
        QVERIFY(!Envelopes::seal(header(), "\xa0", *m_ada, QByteArray(65, '\x04'), &why));
        QVERIFY(why.contains(QLatin1String("not a valid P-256")));
        // The largest message still fits the encoded limit a mailbox enforces.
        const auto largest = Envelopes::seal(header(), QByteArray(Envelopes::MaxMessageSize, 'm'),
                                             *m_ada, m_ben.publicKey, &why);
        QVERIFY2(largest, qPrintable(why));
        const QByteArray bytes = Envelopes::encode(*largest);
        QVERIFY(bytes.size() <= Envelopes::MaxEncodedSize);
        QVERIFY(Envelopes::decode(bytes, &why));
    }
};

QTEST_GUILESS_MAIN(TestEnvelope)
#include "tst_envelope.moc"
