#include "hpke.h"

#include "hpkeprimitives.h"

#include <limits>
#include <utility>

// The names and steps below follow RFC 9180's pseudocode, section by section, so that a reader
// can hold the two side by side.

namespace Tincan::Hpke {

namespace P = HpkePrimitives;

namespace {

constexpr qsizetype SecretSize = 32; // Nsecret of the KEM, Nh of the KDF
constexpr qsizetype KeySize = 16;    // Nk of AES-128-GCM
constexpr qsizetype NonceSize = 12;  // Nn
constexpr char ModeBase = 0x00;

QByteArray i2osp(quint64 value, qsizetype length)
{
    QByteArray out(length, '\0');
    for (qsizetype i = length - 1; i >= 0 && value != 0; --i, value >>= 8)
        out[i] = static_cast<char>(value & 0xff);
    return out;
}

// suite_id (§4.1 and §5.1): the KEM's own, and the whole suite's for the key schedule.
const QByteArray &kemSuite()
{
    static const QByteArray id = QByteArrayLiteral("KEM") + i2osp(0x0010, 2);
    return id;
}

const QByteArray &hpkeSuite()
{
    static const QByteArray id =
        QByteArrayLiteral("HPKE") + i2osp(0x0010, 2) + i2osp(0x0001, 2) + i2osp(0x0001, 2);
    return id;
}

// LabeledExtract and LabeledExpand (§4).
QByteArray labeledExtract(const QByteArray &suite, QByteArrayView salt, QByteArrayView label,
                          QByteArrayView ikm)
{
    QByteArray labeledIkm = QByteArrayLiteral("HPKE-v1") + suite + label + ikm;
    QByteArray prk = P::hmacSha256(salt, labeledIkm);
    P::wipe(labeledIkm);
    return prk;
}

QByteArray labeledExpand(const QByteArray &suite, QByteArrayView prk, QByteArrayView label,
                         QByteArrayView info, qsizetype length)
{
    const QByteArray labeledInfo = i2osp(static_cast<quint64>(length), 2) +
                                   QByteArrayLiteral("HPKE-v1") + suite + label + info;
    return P::hkdfExpandSha256(prk, labeledInfo, length);
}

// ExtractAndExpand of DHKEM (§4.1).
QByteArray extractAndExpand(QByteArray dh, QByteArrayView kemContext)
{
    QByteArray eaePrk = labeledExtract(kemSuite(), {}, "eae_prk", dh);
    QByteArray sharedSecret =
        labeledExpand(kemSuite(), eaePrk, "shared_secret", kemContext, SecretSize);
    P::wipe(dh);
    P::wipe(eaePrk);
    return sharedSecret;
}

} // namespace

// Context's private constructor is reached from here only: the key schedule makes contexts.
class ContextFactory
{
public:
    // KeySchedule<ROLE>(mode_base, shared_secret, info, "", "") (§5.1).
    static Context keySchedule(QByteArrayView sharedSecret, QByteArrayView info)
    {
        const QByteArray pskIdHash = labeledExtract(hpkeSuite(), {}, "psk_id_hash", {});
        const QByteArray infoHash = labeledExtract(hpkeSuite(), {}, "info_hash", info);
        const QByteArray context = QByteArray(1, ModeBase) + pskIdHash + infoHash;
        QByteArray secret = labeledExtract(hpkeSuite(), sharedSecret, "secret", {});
        Context result(labeledExpand(hpkeSuite(), secret, "key", context, KeySize),
                       labeledExpand(hpkeSuite(), secret, "base_nonce", context, NonceSize),
                       labeledExpand(hpkeSuite(), secret, "exp", context, SecretSize));
        P::wipe(secret);
        return result;
    }
};

std::optional<KeyPair> deriveKeyPair(QByteArrayView ikm)
{
    // §7.1.3: rejection sampling of candidates until one is a valid scalar (bitmask 0xff).
    if (ikm.size() < PrivateKeySize)
        return std::nullopt;
    QByteArray dkpPrk = labeledExtract(kemSuite(), {}, "dkp_prk", ikm);
    std::optional<KeyPair> pair;
    for (int counter = 0; counter <= 255 && !pair; ++counter) {
        QByteArray candidate =
            labeledExpand(kemSuite(), dkpPrk, "candidate", i2osp(static_cast<quint64>(counter), 1),
                          PrivateKeySize);
        if (P::isValidP256Scalar(candidate))
            pair = KeyPair{candidate, P::p256PublicKey(candidate)};
        P::wipe(candidate);
    }
    P::wipe(dkpPrk);
    return pair;
}

KeyPair generateKeyPair()
{
    QByteArray ikm = P::randomBytes(PrivateKeySize);
    std::optional<KeyPair> pair = deriveKeyPair(ikm);
    P::wipe(ikm);
    // Failing 256 candidates in a row has a probability near 2^-8192: a broken generator.
    if (!pair || pair->publicKey.isEmpty())
        std::abort();
    return *std::move(pair);
}

Context::Context(QByteArray key, QByteArray baseNonce, QByteArray exporterSecret)
    : m_key(std::move(key))
    , m_baseNonce(std::move(baseNonce))
    , m_exporterSecret(std::move(exporterSecret))
{}

Context::Context(Context &&other) noexcept
    : m_key(std::exchange(other.m_key, {}))
    , m_baseNonce(std::exchange(other.m_baseNonce, {}))
    , m_exporterSecret(std::exchange(other.m_exporterSecret, {}))
    , m_sequence(other.m_sequence)
{}

Context &Context::operator=(Context &&other) noexcept
{
    if (this != &other) {
        P::wipe(m_key);
        P::wipe(m_exporterSecret);
        m_key = std::exchange(other.m_key, {});
        m_baseNonce = std::exchange(other.m_baseNonce, {});
        m_exporterSecret = std::exchange(other.m_exporterSecret, {});
        m_sequence = other.m_sequence;
    }
    return *this;
}

Context::~Context()
{
    P::wipe(m_key);
    P::wipe(m_exporterSecret);
}

QByteArray Context::nonce() const
{
    // ComputeNonce (§5.2): base_nonce XOR I2OSP(seq, Nn).
    QByteArray nonce = i2osp(m_sequence, NonceSize);
    for (qsizetype i = 0; i < NonceSize && i < m_baseNonce.size(); ++i)
        nonce[i] = static_cast<char>(nonce[i] ^ m_baseNonce[i]);
    return nonce;
}

QByteArray Context::seal(QByteArrayView aad, QByteArrayView plaintext)
{
    // A 64-bit counter runs out long before 2^96 - 1; refusing at its end keeps nonces unique.
    if (m_key.isEmpty() || m_sequence == std::numeric_limits<std::uint64_t>::max())
        return {};
    QByteArray ciphertext = P::aes128GcmSeal(m_key, nonce(), aad, plaintext);
    if (!ciphertext.isEmpty())
        ++m_sequence;
    return ciphertext;
}

std::optional<QByteArray> Context::open(QByteArrayView aad, QByteArrayView ciphertext)
{
    if (m_key.isEmpty() || m_sequence == std::numeric_limits<std::uint64_t>::max())
        return std::nullopt;
    std::optional<QByteArray> plaintext = P::aes128GcmOpen(m_key, nonce(), aad, ciphertext);
    if (plaintext)
        ++m_sequence;
    return plaintext;
}

QByteArray Context::exportSecret(QByteArrayView exporterContext, qsizetype length) const
{
    return labeledExpand(hpkeSuite(), m_exporterSecret, "sec", exporterContext, length);
}

std::optional<SenderSetup> setupBaseSender(QByteArrayView recipientPublicKey, QByteArrayView info,
                                           QByteArrayView ephemeralIkm)
{
    // Encap(pkR) (§4.1).
    std::optional<KeyPair> ephemeral =
        ephemeralIkm.isEmpty() ? std::optional(generateKeyPair()) : deriveKeyPair(ephemeralIkm);
    if (!ephemeral)
        return std::nullopt;
    std::optional<QByteArray> dh = P::p256Dh(ephemeral->privateKey, recipientPublicKey);
    P::wipe(ephemeral->privateKey);
    if (!dh)
        return std::nullopt;
    const QByteArray enc = ephemeral->publicKey;
    QByteArray sharedSecret =
        extractAndExpand(*std::move(dh), QByteArray(enc + recipientPublicKey));
    Context context = ContextFactory::keySchedule(sharedSecret, info);
    return SenderSetup{enc, sharedSecret, std::move(context)};
}

std::optional<Context> setupBaseRecipient(QByteArrayView encapsulatedKey,
                                          QByteArrayView recipientPrivateKey, QByteArrayView info)
{
    // Decap(enc, skR) (§4.1).
    std::optional<QByteArray> dh = P::p256Dh(recipientPrivateKey, encapsulatedKey);
    if (!dh)
        return std::nullopt;
    const QByteArray recipientPublicKey = P::p256PublicKey(recipientPrivateKey);
    QByteArray sharedSecret = extractAndExpand(
        *std::move(dh), QByteArray(encapsulatedKey.toByteArray() + recipientPublicKey));
    Context context = ContextFactory::keySchedule(sharedSecret, info);
    P::wipe(sharedSecret);
    return context;
}

std::optional<QByteArray> seal(QByteArrayView recipientPublicKey, QByteArrayView info,
                               QByteArrayView aad, QByteArrayView plaintext)
{
    std::optional<SenderSetup> setup = setupBaseSender(recipientPublicKey, info);
    if (!setup)
        return std::nullopt;
    P::wipe(setup->sharedSecret);
    const QByteArray ciphertext = setup->context.seal(aad, plaintext);
    if (ciphertext.isEmpty())
        return std::nullopt;
    return setup->encapsulatedKey + ciphertext;
}

std::optional<QByteArray> open(QByteArrayView recipientPrivateKey, QByteArrayView info,
                               QByteArrayView aad, QByteArrayView sealed)
{
    if (sealed.size() < PublicKeySize + TagSize)
        return std::nullopt;
    std::optional<Context> context =
        setupBaseRecipient(sealed.first(PublicKeySize), recipientPrivateKey, info);
    if (!context)
        return std::nullopt;
    return context->open(aad, sealed.sliced(PublicKeySize));
}

} // namespace Tincan::Hpke
