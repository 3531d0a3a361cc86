#include "apijson.h"

#include "chat/messenger.h"
#include "crypto/fingerprint.h"
#include "crypto/identity.h"
#include "groups/groupeventline.h"
#include "mailbox/courier.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/peerrepository.h"
#include "version.h"

#include <QJsonArray>
#include <QSslCertificate>

namespace Tincan {

namespace {
QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}
} // namespace

ApiJson::ApiJson(Node &node)
    : m_node(node)
{}

QJsonValue ApiJson::time(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QString ApiJson::trustName(Trust trust)
{
    switch (trust) {
    case Trust::Verified:
        return QStringLiteral("verified");
    case Trust::Blocked:
        return QStringLiteral("blocked");
    case Trust::Unverified:
        break;
    }
    return QStringLiteral("unverified");
}

std::optional<Trust> ApiJson::parseTrust(const QString &name)
{
    for (const Trust trust : {Trust::Unverified, Trust::Verified, Trust::Blocked}) {
        if (trustName(trust) == name)
            return trust;
    }
    return std::nullopt;
}

QString ApiJson::stateName(MessageState state)
{
    return messageStateName(state);
}

QString ApiJson::requestStateName(RequestState state)
{
    switch (state) {
    case RequestState::Pending:
        return QStringLiteral("pending");
    case RequestState::Ignored:
        return QStringLiteral("ignored");
    case RequestState::Accepted:
        break;
    }
    return QStringLiteral("accepted");
}

QString ApiJson::kindName(MessageKind kind)
{
    switch (kind) {
    case MessageKind::Event:
        return QStringLiteral("event");
    case MessageKind::File:
        return QStringLiteral("file");
    case MessageKind::Text:
        break;
    }
    return QStringLiteral("text");
}

std::optional<ConversationFilter> ApiJson::parseFilter(const QString &name)
{
    if (name == u"all" || name.isEmpty())
        return ConversationFilter::All;
    if (name == u"inbox")
        return ConversationFilter::Inbox;
    if (name == u"requests")
        return ConversationFilter::Requests;
    if (name == u"ignored")
        return ConversationFilter::Ignored;
    return std::nullopt;
}

QString ApiJson::displayNameOf(const PeerRecord &peer)
{
    return peer.displayName();
}

QJsonObject ApiJson::identity() const
{
    return {
        {QStringLiteral("id"), m_node.id()},
        {QStringLiteral("fingerprint"), groupedFingerprint(m_node.id())},
        {QStringLiteral("account"), m_node.accountId()},
        {QStringLiteral("name"), m_node.displayName()},
        {QStringLiteral("port"), int(m_node.port())},
        {QStringLiteral("invite"), m_node.inviteLink()},
        {QStringLiteral("version"), QStringLiteral(TINCAN_VERSION_STRING)},
    };
}

QString ApiJson::safetyNumber(const QByteArray &peerCertificateDer)
{
    if (peerCertificateDer.isEmpty())
        return {};
    auto it = m_safetyNumbers.constFind(peerCertificateDer);
    if (it != m_safetyNumbers.constEnd())
        return it.value();
    const QByteArray own = spkiDer(m_node.identity().certificate());
    const QByteArray theirs = spkiDer(QSslCertificate(peerCertificateDer, QSsl::Der));
    const QString number = theirs.isEmpty() ? QString() : Tincan::safetyNumber(own, theirs);
    if (m_safetyNumbers.size() > 1024) // bounded: peers are few, certificates fewer
        m_safetyNumbers.clear();
    m_safetyNumbers.insert(peerCertificateDer, number);
    return number;
}

QJsonObject ApiJson::peer(const PeerRecord &peer)
{
    // The peer's mailbox record: messages to it can wait in a mailbox, and in which one.
    const auto record = m_node.courier().records().find(peer.id);
    // How the current link runs: on the LAN, direct across networks, or through a relay.
    QJsonValue link = QJsonValue::Null;
    if (const Link *current = m_node.sessions().link(peer.id)) {
        const LinkPath path = current->path();
        link = QJsonObject{{QStringLiteral("kind"), LinkPath::kindName(path.kind)},
                           {QStringLiteral("transport"),
                            path.ice ? QStringLiteral("ice") : QStringLiteral("tls-tcp")},
                           {QStringLiteral("remote"), path.endpoint()}};
    }
    // The devices of the peer's account, as its newest signed list names them.
    QJsonArray devices;
    if (const auto list =
            peer.accountId.isEmpty() ? std::nullopt : m_node.peers().account(peer.accountId))
        devices = QJsonArray::fromStringList(list->devices);
    return {
        {QStringLiteral("id"), peer.id},
        {QStringLiteral("fingerprint"), groupedFingerprint(peer.id)},
        {QStringLiteral("account"), orNull(peer.accountId)},
        {QStringLiteral("devices"), devices},
        {QStringLiteral("ownDevice"),
         !peer.accountId.isEmpty() && peer.accountId == m_node.accountId()},
        {QStringLiteral("name"), peer.name},
        {QStringLiteral("alias"), peer.alias},
        {QStringLiteral("displayName"), displayNameOf(peer)},
        {QStringLiteral("trust"), trustName(peer.trust)},
        {QStringLiteral("online"), m_node.sessions().isConnected(peer.id)},
        {QStringLiteral("link"), link},
        {QStringLiteral("contact"), peer.isContact},
        {QStringLiteral("addresses"), QJsonArray::fromStringList(peer.addresses)},
        {QStringLiteral("lastSeen"), time(peer.lastSeen)},
        {QStringLiteral("safetyNumber"), orNull(safetyNumber(peer.certificate))},
        {QStringLiteral("offlineDelivery"), bool(record)},
        {QStringLiteral("mailbox"), orNull(record ? record->mailboxId : QString())},
    };
}

std::optional<QJsonObject> ApiJson::peer(const QString &id)
{
    if (const auto record = m_node.peers().find(id))
        return peer(*record);
    const auto remote = m_node.sessions().credential(id);
    if (!remote)
        return std::nullopt;
    PeerRecord record;
    record.id = id;
    record.name = remote->hello.name;
    record.certificate = remote->certificate.toDer();
    return peer(record);
}

QJsonObject ApiJson::conversation(const ConversationSummary &summary) const
{
    const ConversationRecord &c = summary.conversation;
    const bool direct = c.kind == ConversationKind::Direct;
    return {
        {QStringLiteral("id"), c.id},
        {QStringLiteral("kind"), direct ? QStringLiteral("direct") : QStringLiteral("group")},
        {QStringLiteral("title"),
         summary.displayName.isEmpty() ? c.id.left(8) : summary.displayName},
        {QStringLiteral("peerId"), orNull(c.peerId)},
        {QStringLiteral("online"), direct && m_node.sessions().isConnected(c.peerId)},
        {QStringLiteral("unread"), c.unread},
        {QStringLiteral("requestState"), requestStateName(c.requestState)},
        {QStringLiteral("createdAt"), time(c.createdAt)},
        {QStringLiteral("lastActivity"), time(c.lastActivity)},
        {QStringLiteral("preview"),
         summary.lastMessage && summary.lastMessage->kind == MessageKind::Event
             ? eventText(summary.lastMessage->body)
             : summary.preview},
        {QStringLiteral("lastMessage"),
         summary.lastMessage ? QJsonValue(message(*summary.lastMessage)) : QJsonValue()},
    };
}

QJsonObject ApiJson::message(const MessageRecord &m) const
{
    QJsonObject object{
        {QStringLiteral("uuid"), m.uuid},
        {QStringLiteral("conversationId"), m.conversationId},
        {QStringLiteral("senderId"), m.senderId},
        {QStringLiteral("outgoing"), m.outgoing},
        {QStringLiteral("sentAt"), time(m.sentAt)},
        {QStringLiteral("receivedAt"), time(m.receivedAt)},
        {QStringLiteral("text"), m.kind == MessageKind::Event ? eventText(m.body) : m.body},
        {QStringLiteral("kind"), kindName(m.kind)},
        {QStringLiteral("state"), stateName(m.state)},
        {QStringLiteral("editedAt"), time(m.editedAt)},
        {QStringLiteral("deleted"), m.deleted},
        {QStringLiteral("replyTo"), orNull(m.replyTo)},
        {QStringLiteral("cursor"), HistoryCursor::at(m).toString()},
    };
    if (m.kind == MessageKind::Event) {
        if (const auto line = GroupEventLine::decode(m.body))
            object.insert(QStringLiteral("event"), line->toJson());
    }
    // Why a message to an offline contact is still here: a mailbox refused it (full, say).
    if (m.outgoing && m.state >= MessageState::Queued && m.state < MessageState::Deposited) {
        const QString held = m_node.messenger().outbox().heldReason(m.uuid);
        if (!held.isEmpty())
            object.insert(QStringLiteral("held"), held);
    }
    return object;
}

QString ApiJson::eventText(const QString &body) const
{
    return describeGroupEventLine(body, m_node.id(),
                                  [this](const QString &peerId) { return nameOf(peerId); });
}

QJsonObject ApiJson::transfer(const TransferInfo &info)
{
    const TransferRecord &r = info.record;
    return {
        {QStringLiteral("id"), r.id},
        {QStringLiteral("peerId"), r.peerId},
        {QStringLiteral("direction"),
         r.direction == TransferDirection::Outgoing ? QStringLiteral("out") : QStringLiteral("in")},
        {QStringLiteral("conversationId"), r.conversationId},
        {QStringLiteral("name"), r.name},
        {QStringLiteral("size"), r.size},
        {QStringLiteral("sha256"), QString::fromLatin1(r.sha256.toHex())},
        {QStringLiteral("mime"), r.mime},
        {QStringLiteral("path"), orNull(r.path)},
        {QStringLiteral("state"), transferStateName(r.state)},
        {QStringLiteral("bytes"), info.bytes},
        {QStringLiteral("confirmedBytes"), r.doneBytes},
        {QStringLiteral("bytesPerSecond"), qRound64(info.bytesPerSecond)},
        {QStringLiteral("etaSeconds"),
         info.etaSeconds >= 0 ? QJsonValue(info.etaSeconds) : QJsonValue()},
        {QStringLiteral("resumedFrom"), r.resumedFrom},
        {QStringLiteral("resumes"), r.resumes},
        {QStringLiteral("error"), orNull(r.error)},
        {QStringLiteral("createdAt"), time(r.createdAt)},
        {QStringLiteral("updatedAt"), time(r.updatedAt)},
    };
}

QJsonObject ApiJson::keyChange(const KeyChangeEvent &event)
{
    return {
        {QStringLiteral("knownId"), event.knownId},
        {QStringLiteral("knownName"), event.knownName},
        {QStringLiteral("presentedId"), event.presentedId},
        {QStringLiteral("presentedName"), event.presentedName},
        {QStringLiteral("address"), event.address},
        {QStringLiteral("at"), time(event.at)},
    };
}

} // namespace Tincan
