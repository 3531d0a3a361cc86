// Collecting from mailboxes: open each envelope, check who signed it, store the messages, and
// only then let the mailbox drop them.
#include "courier.h"

#include "chat/chatprotocol.h"
#include "chat/messenger.h"
#include "crypto/fingerprint.h"
#include "envelope.h"
#include "net/sessionmanager.h"
#include "store/peerrepository.h"
#include "util/cbor.h"
#include "util/logging.h"

#include <QSslCertificate>

namespace Tincan {

using namespace MailboxProtocol;

namespace Couriers {
namespace {

// The message a letter carries, from the device that signed it; nullopt with *why for anything
// that must not be stored: a forgery, a damaged envelope, a device never met (no pinned key to
// check it against), or something other than a chat message.
std::optional<IncomingMessage> unseal(const QByteArray &bytes, const Hpke::KeyPair &key,
                                      const PeerRepository &peers, QString *why)
{
    const auto envelope = Envelopes::decode(bytes, why);
    if (!envelope)
        return std::nullopt;
    const auto letter = Envelopes::open(*envelope, key, why);
    if (!letter)
        return std::nullopt;
    const QString sender = QString::fromLatin1(letter->senderDevice.toHex());
    const auto peer = peers.find(sender);
    const QList<QSslCertificate> certificates =
        peer ? QSslCertificate::fromData(peer->certificate, QSsl::Der) : QList<QSslCertificate>{};
    if (certificates.isEmpty()) {
        *why = QStringLiteral("it claims to come from %1, a device never met").arg(sender.left(12));
        return std::nullopt;
    }
    if (!letter->isSignedBy(spkiDer(certificates.constFirst()))) {
        *why = QStringLiteral("its signature is not that of %1").arg(sender.left(12));
        return std::nullopt;
    }
    const auto item = parseSingleCborItem(letter->message, why);
    const auto message = item ? ChatProtocol::decodeMessage(item->toMap()) : std::nullopt;
    if (!message || Protocol::typeOf(item->toMap()) != ChatProtocol::Type::Message) {
        *why = QStringLiteral("it holds no chat message");
        return std::nullopt;
    }
    return Messenger::incoming(sender, *message); // the key that signed it, never a field
}

} // namespace
} // namespace Couriers

void Courier::collect(const QString &peerId)
{
    if (speaksMailbox(peerId))
        m_sessions.send(peerId, encodeGet());
}

void Courier::onBatch(const QString &peerId, const QCborMap &frame)
{
    const auto batch = decodeBatch(frame);
    if (!batch || (peerId != m_mailbox && !m_records.mailboxes().contains(peerId)))
        return;         // only from a mailbox this device collects from
    QList<qint64> drop; // what the mailbox may forget: stored here, or never storable
    QList<qint64> letterIds;
    QList<IncomingMessage> letters;
    for (const Held &held : batch->items) {
        QString why;
        if (const auto message = Couriers::unseal(held.envelope, m_key, m_peers, &why)) {
            letterIds.append(held.id);
            letters.append(*message);
            continue;
        }
        ++m_rejected;
        qCWarning(lcMailbox).noquote()
            << "rejected an envelope from mailbox" << peerId.left(12) << ":" << why;
        drop.append(held.id);
    }
    if (!letters.isEmpty()) {
        const auto results = m_messenger.receiveLetters(letters);
        if (!results) {
            qCWarning(lcStore) << "could not store" << letters.size()
                               << "messages from a mailbox; they stay there";
        } else {
            for (qsizetype i = 0; i < results->size(); ++i) {
                // Refused ones (a blocked sender, a group not known yet) are dropped too: the
                // sender keeps them in its outbox until this device acknowledges them.
                if (results->at(i).status != ReceiveStatus::Failed)
                    drop.append(letterIds.at(i));
                if (results->at(i).status == ReceiveStatus::Stored)
                    ++m_collected;
            }
        }
    }
    if (!drop.isEmpty())
        m_sessions.send(peerId, encodeDelete(drop));
    if (batch->more && drop.size() == batch->items.size())
        collect(peerId); // after the delete, on the same link: no envelope comes twice
}

} // namespace Tincan
