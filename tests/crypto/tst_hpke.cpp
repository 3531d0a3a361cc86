// HPKE (core/crypto/hpke.h) against RFC 9180's own test vectors, then against what an attacker
// can do to a sealed message.
//
// Source of the vectors: RFC 9180, "Hybrid Public Key Encryption", Appendix A.3.1,
// "DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM", A.3.1.1 "Base Setup Information"
// (https://www.rfc-editor.org/rfc/rfc9180.html#appendix-A.3.1), copied value by value.

#include "crypto/hpke.h"

#include <QTest>

using namespace Tincan;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

// RFC 9180 A.3.1.1, mode 0, kem_id 16, kdf_id 1, aead_id 1.
const char *const Info = "4f6465206f6e2061204772656369616e2055726e";
const char *const IkmE = "4270e54ffd08d79d5928020af4686d8f6b7d35dbe470265f1f5aa22816ce860e";
const char *const PkEm = "04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b32"
                         "5ac98536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4";
const char *const SkEm = "4995788ef4b9d6132b249ce59a77281493eb39af373d236a1fe415cb0c2d7beb";
const char *const IkmR = "668b37171f1072f3cf12ea8a236a45df23fc13b82af3609ad1e354f6ef817550";
const char *const PkRm = "04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f70"
                         "6a826a779b4cf969b8a0e539c7f62fb3d30ad6aa8f80e30f1d128aafd68a2ce72ea0";
const char *const SkRm = "f3ce7fdae57e1a310d87f1ebbde6f328be0a99cdbcadf4d6589cf29de4b8ffd2";
const char *const SharedSecret = "c0d26aeab536609a572b07695d933b589dcf363ff9d93c93adea537aeabb8cb8";
const char *const Key = "868c066ef58aae6dc589b6cfdd18f97e";
const char *const BaseNonce = "4e0bc5018beba4bf004cca59";
const char *const ExporterSecret =
    "14ad94af484a7ad3ef40e9f3be99ecc6fa9036df9d4920548424df127ee0d99f";
const char *const Plaintext = "4265617574792069732074727574682c20747275746820626561757479";

struct Encryption
{
    int sequence;
    const char *aad;
    const char *ciphertext;
};

// A.3.1.1 "Encryptions": one context, the listed sequence numbers of it.
const Encryption Encryptions[] = {
    {0, "436f756e742d30",
     "5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f9076ac232e3ab2523f39513434"},
    {1, "436f756e742d31",
     "fa6f037b47fc21826b610172ca9637e82d6e5801eb31cbd3748271affd4ecb06646e0329cbdf3c3cd655b28e82"},
    {2, "436f756e742d32",
     "895cabfac50ce6c6eb02ffe6c048bf53b7f7be9a91fc559402cbc5b8dcaeb52b2ccc93e466c28fb55fed7a7fec"},
    {4, "436f756e742d34",
     "8787491ee8df99bc99a246c4b3216d3d57ab5076e18fa27133f520703bc70ec999dd36ce042e44f0c3169a6a8f"},
    {255, "436f756e742d323535",
     "2ad71c85bf3f45c6eca301426289854b31448bcf8a8ccb1deef3ebd87f60848aa53c538c30a4dac71d619ee2cd"},
    {256, "436f756e742d323536",
     "10f179686aa2caec1758c8e554513f16472bd0a11e2a907dde0b212cbe87d74f367f8ffe5e41cd3e9962a6afb2"},
};

struct Export
{
    const char *context;
    const char *value; // L = 32
};

// A.3.1.1 "Exported Values".
const Export Exports[] = {
    {"", "5e9bc3d236e1911d95e65b576a8a86d478fb827e8bdfe77b741b289890490d4d"},
    {"00", "6cff87658931bda83dc857e6353efe4987a201b849658d9b047aab4cf216e796"},
    {"54657374436f6e74657874", "d8f1ea7942adbba7412c6d431c62d01371ea476b823eb697e1f6e6cae1dab85a"},
};

} // namespace

class TestHpke : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void derivedKeyPairsMatchTheRfc()
    {
        const auto ephemeral = Hpke::deriveKeyPair(hex(IkmE));
        const auto recipient = Hpke::deriveKeyPair(hex(IkmR));
        QVERIFY(ephemeral && recipient);
        QCOMPARE(ephemeral->privateKey.toHex(), QByteArray(SkEm));
        QCOMPARE(ephemeral->publicKey.toHex(), QByteArray(PkEm));
        QCOMPARE(recipient->privateKey.toHex(), QByteArray(SkRm));
        QCOMPARE(recipient->publicKey.toHex(), QByteArray(PkRm));
    }

    void senderKeyScheduleMatchesTheRfc()
    {
        auto setup = Hpke::setupBaseSender(hex(PkRm), hex(Info), hex(IkmE));
        QVERIFY(setup);
        QCOMPARE(setup->encapsulatedKey.toHex(), QByteArray(PkEm)); // enc
        QCOMPARE(setup->sharedSecret.toHex(), QByteArray(SharedSecret));
        QCOMPARE(setup->context.key().toHex(), QByteArray(Key));
        QCOMPARE(setup->context.baseNonce().toHex(), QByteArray(BaseNonce));
        QCOMPARE(setup->context.exporterSecret().toHex(), QByteArray(ExporterSecret));
    }

    void encryptionsMatchTheRfcOnBothSides()
    {
        auto sender = Hpke::setupBaseSender(hex(PkRm), hex(Info), hex(IkmE));
        auto recipient = Hpke::setupBaseRecipient(hex(PkEm), hex(SkRm), hex(Info));
        QVERIFY(sender && recipient);
        QCOMPARE(recipient->key().toHex(), QByteArray(Key));
        int next = 0;
        for (const Encryption &expected : Encryptions) {
            // The sequence numbers in between are used and thrown away, as the RFC's were.
            for (; next < expected.sequence; ++next) {
                const QByteArray skipped = sender->context.seal("skip", "skip");
                QVERIFY(recipient->open("skip", skipped));
            }
            const QByteArray sealed = sender->context.seal(hex(expected.aad), hex(Plaintext));
            QCOMPARE(sealed.toHex(), QByteArray(expected.ciphertext));
            const auto opened = recipient->open(hex(expected.aad), hex(expected.ciphertext));
            QVERIFY2(opened, qPrintable(QString::number(expected.sequence)));
            QCOMPARE(opened->toHex(), QByteArray(Plaintext));
            ++next;
        }
    }

    void exportedValuesMatchTheRfc()
    {
        const auto recipient = Hpke::setupBaseRecipient(hex(PkEm), hex(SkRm), hex(Info));
        QVERIFY(recipient);
        for (const Export &expected : Exports)
            QCOMPARE(recipient->exportSecret(hex(expected.context), 32).toHex(),
                     QByteArray(expected.value));
    }

    void singleShotRoundTripsWithFreshKeys()
    {
        const Hpke::KeyPair recipient = Hpke::generateKeyPair();
        QCOMPARE(recipient.publicKey.size(), Hpke::PublicKeySize);
        QCOMPARE(recipient.privateKey.size(), Hpke::PrivateKeySize);
        const auto sealed = Hpke::seal(recipient.publicKey, "info", "aad", "hello, Ben");
        QVERIFY(sealed);
        QCOMPARE(sealed->size(), Hpke::PublicKeySize + 10 + Hpke::TagSize);
        QVERIFY(!sealed->contains("hello"));
        QCOMPARE(Hpke::open(recipient.privateKey, "info", "aad", *sealed),
                 QByteArray("hello, Ben"));
        // A second seal of the same text uses a new ephemeral key: nothing repeats.
        QVERIFY(Hpke::seal(recipient.publicKey, "info", "aad", "hello, Ben") != sealed);
        QVERIFY(Hpke::generateKeyPair().privateKey != recipient.privateKey);
    }

    void everyFlippedBitIsRejected()
    {
        const Hpke::KeyPair recipient = Hpke::generateKeyPair();
        const QByteArray sealed = *Hpke::seal(recipient.publicKey, "info", "aad", "attack at dawn");
        // Every bit of enc, ciphertext and tag: each flip must fail to open, never give text.
        for (qsizetype byte = 0; byte < sealed.size(); ++byte) {
            for (int bit = 0; bit < 8; ++bit) {
                QByteArray altered = sealed;
                altered[byte] = static_cast<char>(altered[byte] ^ (1 << bit));
                QVERIFY2(!Hpke::open(recipient.privateKey, "info", "aad", altered),
                         qPrintable(QStringLiteral("byte %1 bit %2").arg(byte).arg(bit)));
            }
        }
        QVERIFY(Hpke::open(recipient.privateKey, "info", "aad", sealed));
    }

    void wrongKeyInfoAadOrLengthIsRejected()
    {
        const Hpke::KeyPair recipient = Hpke::generateKeyPair();
        const QByteArray sealed = *Hpke::seal(recipient.publicKey, "info", "aad", "text");
        QVERIFY(!Hpke::open(Hpke::generateKeyPair().privateKey, "info", "aad", sealed));
        QVERIFY(!Hpke::open(recipient.privateKey, "other", "aad", sealed));
        QVERIFY(!Hpke::open(recipient.privateKey, "info", "other", sealed));
        QVERIFY(!Hpke::open(recipient.privateKey, "info", "aad", sealed.chopped(1)));
        QVERIFY(!Hpke::open(recipient.privateKey, "info", "aad", QByteArray(sealed + '\0')));
        QVERIFY(
            !Hpke::open(recipient.privateKey, "info", "aad", sealed.first(Hpke::PublicKeySize)));
        QVERIFY(!Hpke::open(recipient.privateKey, "info", "aad", {}));
    }

    void invalidPublicKeysAreRefused()
    {
        const QByteArray valid = hex(PkRm);
        QByteArray offCurve = valid;
        offCurve[64] = static_cast<char>(offCurve[64] ^ 1); // y no longer fits x
        QByteArray compressed = QByteArray(1, '\x02') + valid.sliced(1, 32);
        const QByteArray infinity(1, '\0');
        const QByteArray zeros = QByteArray(1, '\x04') + QByteArray(64, '\0');
        // x = p (the field prime) is out of range even though it may reduce onto the curve.
        const QByteArray xIsPrime =
            hex("04ffffffff00000001000000000000000000000000ffffffffffffffffffffffff") +
            valid.sliced(33);
        for (const QByteArray &key :
             {offCurve, compressed, infinity, zeros, xIsPrime, QByteArray()}) {
            QVERIFY(!Hpke::setupBaseSender(key, "info"));
            QVERIFY(!Hpke::seal(key, "info", "aad", "text"));
            QVERIFY(!Hpke::setupBaseRecipient(key, hex(SkRm), "info"));
        }
    }

    void invalidPrivateKeysAreRefused()
    {
        const QByteArray order =
            hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        for (const QByteArray &key : {QByteArray(32, '\0'), order, QByteArray(32, '\xff'),
                                      hex(SkRm).chopped(1), QByteArray()})
            QVERIFY(!Hpke::setupBaseRecipient(hex(PkEm), key, hex(Info)));
    }

    void shortIkmIsRefused()
    {
        QVERIFY(!Hpke::deriveKeyPair(QByteArray(31, 'x')));
        QVERIFY(!Hpke::setupBaseSender(hex(PkRm), "info", QByteArray(31, 'x')));
    }

    void aFailedOpenDoesNotAdvanceTheSequence()
    {
        auto sender = Hpke::setupBaseSender(hex(PkRm), hex(Info));
        QVERIFY(sender);
        auto recipient = Hpke::setupBaseRecipient(sender->encapsulatedKey, hex(SkRm), hex(Info));
        QVERIFY(recipient);
        const QByteArray first = sender->context.seal({}, "first");
        const QByteArray second = sender->context.seal({}, "second");
        QVERIFY(!recipient->open({}, second)); // out of order: the nonce is the first one's
        QCOMPARE(recipient->open({}, first), QByteArray("first"));
        QCOMPARE(recipient->open({}, second), QByteArray("second"));
        QVERIFY(!recipient->open({}, first)); // a replay within the context fails too
    }
};

QTEST_GUILESS_MAIN(TestHpke)
#include "tst_hpke.moc"
