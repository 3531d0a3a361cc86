// The sealed ICE signals that a rendezvous carries: only the device they are for can open them,
// and it accepts only what their sender signed, recently, for it.
#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "ice/icesignal.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Tincan;

class TestIceSignal : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dirs[3];
    std::optional<Identity> m_ada, m_ben, m_eve;
    Hpke::KeyPair m_benKey = Hpke::generateKeyPair();
    Hpke::KeyPair m_adaKey = Hpke::generateKeyPair();
    qint64 m_now = QDateTime::currentMSecsSinceEpoch();

    IceSignal offer() const
    {
        IceSignal signal;
        signal.from = m_ada->id();
        signal.to = m_ben->id();
        signal.sessionId = QByteArray(IceSignals::SessionIdSize, 's');
        signal.sentAtMs = m_now;
        signal.senderCertificate = m_ada->certificate().toDer();
        signal.replyKey = m_adaKey.publicKey;
        signal.description =
            QStringLiteral("a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\n"
                           "a=candidate:1 1 UDP 1 192.0.2.1 4000 typ host\r\n");
        return signal;
    }
    std::optional<IceSignal> openForBen(const QByteArray &sealed, QString *why,
                                        qint64 now = 0) const
    {
        return IceSignals::open(sealed, m_benKey, m_ben->id(), now ? now : m_now, why);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_ada = Identity::loadOrCreate(m_dirs[0].path(), &error);
        m_ben = Identity::loadOrCreate(m_dirs[1].path(), &error);
        m_eve = Identity::loadOrCreate(m_dirs[2].path(), &error);
        QVERIFY2(m_ada && m_ben && m_eve, qPrintable(error));
    }

    void roundTrip()
    {
        const auto sealed = IceSignals::seal(offer(), *m_ada, m_benKey.publicKey);
        QVERIFY(sealed);
        // The forwarder sees no field of it: not the description, not the sender.
        QVERIFY(!sealed->contains("192.0.2.1"));
        QVERIFY(!sealed->contains(m_ada->id().toLatin1()));
        QString why;
        const auto opened = openForBen(*sealed, &why);
        QVERIFY2(opened, qPrintable(why));
        QCOMPARE(opened->kind, IceSignal::Kind::Offer);
        QCOMPARE(opened->from, m_ada->id());
        QCOMPARE(opened->description, offer().description);
        QCOMPARE(opened->replyKey, m_adaKey.publicKey);
        QCOMPARE(opened->sessionId, offer().sessionId);
    }

    void sealedToSomeoneElse()
    {
        const auto sealed = IceSignals::seal(offer(), *m_ada, Hpke::generateKeyPair().publicKey);
        QString why;
        QVERIFY(!openForBen(*sealed, &why));
        QVERIFY(why.contains(QStringLiteral("not sealed to this device")));
    }

    // Sealed to Ben's key but naming Eve as the recipient: the aad binds the recipient's id.
    void namesAnotherRecipient()
    {
        IceSignal signal = offer();
        signal.to = m_eve->id();
        const auto sealed = IceSignals::seal(signal, *m_ada, m_benKey.publicKey);
        QString why;
        QVERIFY(!openForBen(*sealed, &why));
    }

    // Eve signs an offer that claims to come from Ada, with Ada's certificate or her own.
    void signedByAnotherKey()
    {
        const auto forged = IceSignals::seal(offer(), *m_eve, m_benKey.publicKey);
        QString why;
        QVERIFY(!openForBen(*forged, &why));
        QVERIFY(why.contains(QStringLiteral("signature")));

        IceSignal signal = offer();
        signal.senderCertificate = m_eve->certificate().toDer(); // her key, Ada's id
        const auto mixed = IceSignals::seal(signal, *m_eve, m_benKey.publicKey);
        QVERIFY(!openForBen(*mixed, &why));
        QVERIFY(why.contains(QStringLiteral("certificate")));
    }

    void tooOldOrFromTheFuture()
    {
        const auto sealed = IceSignals::seal(offer(), *m_ada, m_benKey.publicKey);
        QString why;
        QVERIFY(!openForBen(*sealed, &why, m_now + IceSignals::MaxAgeMs + 1000));
        QVERIFY(!openForBen(*sealed, &why, m_now - IceSignals::MaxAgeMs - 1000));
        QVERIFY(openForBen(*sealed, &why, m_now + IceSignals::MaxAgeMs - 1000));
    }

    void tamperedOrOversized()
    {
        auto sealed = *IceSignals::seal(offer(), *m_ada, m_benKey.publicKey);
        QString why;
        for (const qsizetype at : {qsizetype(0), sealed.size() / 2, sealed.size() - 1}) {
            QByteArray bad = sealed;
            bad[at] = char(bad[at] ^ 0x01);
            QVERIFY(!openForBen(bad, &why));
        }
        QVERIFY(!openForBen(sealed.left(sealed.size() - 1), &why));
        QVERIFY(!openForBen(QByteArray(IceSignals::MaxSealedSize + 1, 'x'), &why));
        QVERIFY(!openForBen({}, &why));
    }

    void malformedFields()
    {
        QString why;
        IceSignal signal = offer();
        signal.sessionId.chop(1);
        QVERIFY(!openForBen(*IceSignals::seal(signal, *m_ada, m_benKey.publicKey), &why));
        signal = offer();
        signal.description.clear();
        QVERIFY(!openForBen(*IceSignals::seal(signal, *m_ada, m_benKey.publicKey), &why));
        signal = offer();
        signal.description = QString(9000, u'a');
        QVERIFY(!openForBen(*IceSignals::seal(signal, *m_ada, m_benKey.publicKey), &why));
        signal = offer();
        signal.replyKey = QByteArray(10, 'k');
        QVERIFY(!openForBen(*IceSignals::seal(signal, *m_ada, m_benKey.publicKey), &why));
    }
};

QTEST_GUILESS_MAIN(TestIceSignal)
#include "tst_icesignal.moc"
