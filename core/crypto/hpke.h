#pragma once

// HPKE (RFC 9180), base mode, for the one suite Tincan uses:
// DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM (kem 0x0010, kdf 0x0001, aead 0x0001).
//
// Debian 12's OpenSSL 3.0 has no HPKE API (it came in 3.2), so this is built from 3.0's
// primitives: ECDH on P-256, HMAC/HKDF over SHA-256 and AES-128-GCM. tst_hpke checks it against
// the RFC's own test vectors (Appendix A.3.1). Sealed envelopes (a mailbox holds them for an
// offline contact) and sealed rendezvous offers are built on it.
//
// Keys travel serialized as the RFC serializes them: a public key is the 65-byte uncompressed
// point, a private key the 32-byte big-endian scalar. No OpenSSL type leaks out of this header.

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <optional>

namespace Tincan::Hpke {

inline constexpr qsizetype PublicKeySize = 65;  // Npk, also Nenc
inline constexpr qsizetype PrivateKeySize = 32; // Nsk
inline constexpr qsizetype TagSize = 16;        // Nt of AES-128-GCM

struct KeyPair
{
    QByteArray privateKey; // SerializePrivateKey(sk)
    QByteArray publicKey;  // SerializePublicKey(pk)
};

// DeriveKeyPair (RFC 9180 §7.1.3): the same ikm always gives the same pair. Empty when the
// ikm is shorter than Nsk, which the RFC forbids.
std::optional<KeyPair> deriveKeyPair(QByteArrayView ikm);
// A fresh pair from the system's random generator (DeriveKeyPair of Nsk random bytes).
KeyPair generateKeyPair();

// The encryption context of one side (§5.2), after the key schedule. Seal and open count the
// sequence number themselves; each side must process messages in the same order.
class Context
{
public:
    Context(Context &&other) noexcept;
    Context &operator=(Context &&other) noexcept;
    Context(const Context &) = delete;
    Context &operator=(const Context &) = delete;
    ~Context(); // wipes the keys

    // Ciphertext with its 16-byte tag appended. Empty only when the sequence number is spent.
    QByteArray seal(QByteArrayView aad, QByteArrayView plaintext);
    // Empty on any failure: wrong key, altered ciphertext or aad, or a spent sequence number.
    // A failed open does not advance the sequence number (§5.2).
    std::optional<QByteArray> open(QByteArrayView aad, QByteArrayView ciphertext);
    // Secret export (§5.3): L bytes bound to this context and to exporterContext.
    QByteArray exportSecret(QByteArrayView exporterContext, qsizetype length) const;

    // For the test vectors: the key schedule's outputs.
    QByteArray key() const { return m_key; }
    QByteArray baseNonce() const { return m_baseNonce; }
    QByteArray exporterSecret() const { return m_exporterSecret; }

private:
    friend class ContextFactory;
    Context(QByteArray key, QByteArray baseNonce, QByteArray exporterSecret);
    QByteArray nonce() const;

    QByteArray m_key;
    QByteArray m_baseNonce;
    QByteArray m_exporterSecret;
    std::uint64_t m_sequence = 0;
};

struct SenderSetup
{
    QByteArray encapsulatedKey; // enc: 65 bytes, travels with the ciphertext
    QByteArray sharedSecret;    // the KEM's output, exposed for the test vectors only
    Context context;
};

// SetupBaseS (§5.1.1). ephemeralIkm empty: a fresh ephemeral key (what every caller but the
// test vectors wants). Empty when the recipient's key is not a valid P-256 point.
std::optional<SenderSetup> setupBaseSender(QByteArrayView recipientPublicKey, QByteArrayView info,
                                           QByteArrayView ephemeralIkm = {});
// SetupBaseR (§5.1.1). Empty when enc is not a valid P-256 point or the private key is invalid.
std::optional<Context> setupBaseRecipient(QByteArrayView encapsulatedKey,
                                          QByteArrayView recipientPrivateKey, QByteArrayView info);

// Single-shot APIs (§6.1): enc || ciphertext in one buffer, for one message per key exchange.
std::optional<QByteArray> seal(QByteArrayView recipientPublicKey, QByteArrayView info,
                               QByteArrayView aad, QByteArrayView plaintext);
std::optional<QByteArray> open(QByteArrayView recipientPrivateKey, QByteArrayView info,
                               QByteArrayView aad, QByteArrayView sealed);

} // namespace Tincan::Hpke
