// Node's use cases: what a user does, once for every front end (desktop, bridge, ctl). Each
// checks its input, changes the store, and announces what changed; the front ends re-read what
// they show from that announcement, never from a refresh of their own.
#include "node.h"

#include "chat/messenger.h"
#include "net/sessionmanager.h"
#include "reachpolicy.h"
#include "store/peerrepository.h"

namespace Tincan {

namespace {

bool refuse(QString *error, const QString &message)
{
    *error = message;
    return false;
}

} // namespace

bool Node::acceptRequest(const QString &conversationId, QString *error)
{
    if (!m_running)
        return refuse(error, QStringLiteral("the node is not running"));
    const auto conversation = m_messenger->conversations().find(conversationId);
    if (!conversation)
        return refuse(error, QStringLiteral("no such conversation: %1").arg(conversationId));
    if (!m_messenger->conversations().accept(conversationId))
        return refuse(error, QStringLiteral("the conversation cannot be changed"));
    announce(ChangeKind::Conversations, conversationId);
    if (!conversation->peerId.isEmpty()) // a direct conversation: the peer is a contact now
        announce(ChangeKind::Peer, conversation->peerId);
    return true;
}

bool Node::ignoreRequest(const QString &conversationId, QString *error)
{
    if (!m_running)
        return refuse(error, QStringLiteral("the node is not running"));
    if (!m_messenger->conversations().find(conversationId))
        return refuse(error, QStringLiteral("no such conversation: %1").arg(conversationId));
    if (!m_messenger->conversations().ignore(conversationId))
        return refuse(error, QStringLiteral("the conversation cannot be changed"));
    announce(ChangeKind::Conversations, conversationId);
    return true;
}

bool Node::setPeerTrust(const QString &peerId, Trust trust, QString *error)
{
    if (!m_running)
        return refuse(error, QStringLiteral("the node is not running"));
    if (!m_peers->find(peerId))
        return refuse(error, QStringLiteral("no such peer: %1").arg(peerId));
    if (!m_peers->setTrust(peerId, trust))
        return refuse(error, QStringLiteral("the peer store cannot be written"));
    if (trust == Trust::Blocked) // now, not at the next session
        m_sessions->disconnectPeer(peerId, QStringLiteral("blocked by the user"));
    announce(ChangeKind::Peer, peerId);
    announce(ChangeKind::Conversations, peerId); // a blocked peer's conversation is hidden
    return true;
}

bool Node::setPeerAlias(const QString &peerId, const QString &alias, QString *error)
{
    if (!m_running)
        return refuse(error, QStringLiteral("the node is not running"));
    if (!m_peers->find(peerId))
        return refuse(error, QStringLiteral("no such peer: %1").arg(peerId));
    if (!m_peers->setAlias(peerId, alias.trimmed()))
        return refuse(error, QStringLiteral("the peer store cannot be written"));
    announce(ChangeKind::Peer, peerId);
    announce(ChangeKind::Conversations, peerId); // the title of its direct conversation
    return true;
}

bool Node::resolveKeyChange(const QString &presentedId, bool accept, QString *error)
{
    if (!m_running)
        return refuse(error, QStringLiteral("the node is not running"));
    if (!m_sessions->resolveKeyChange(presentedId, accept))
        return refuse(error, QStringLiteral("no pending key change for %1").arg(presentedId));
    announce(ChangeKind::KeyChanges, presentedId);
    announce(ChangeKind::Peer, presentedId); // its key is pinned now, or it is blocked
    return true;
}

std::optional<ConversationRecord> Node::openDirect(const QString &peerId, QString *error)
{
    if (!m_running) {
        refuse(error, QStringLiteral("the node is not running"));
        return std::nullopt;
    }
    if (peerId == id()) {
        refuse(error, QStringLiteral("you cannot open a conversation with yourself"));
        return std::nullopt;
    }
    const auto conversation = m_messenger->conversations().direct(peerId);
    if (!conversation) {
        refuse(error, QStringLiteral("cannot open a conversation with this peer"));
        return std::nullopt;
    }
    if (m_reach) // an open window is worth a session
        m_reach->reachConversation(conversation->id);
    announce(ChangeKind::Conversations, conversation->id);
    return conversation;
}

std::optional<MessageRecord> Node::sendText(const QString &to, const QString &text,
                                            const QString &replyTo, QString *error)
{
    if (!m_running) {
        refuse(error, QStringLiteral("the node is not running"));
        return std::nullopt;
    }
    auto sent = m_messenger->sendText(to, text, replyTo, error);
    if (!sent)
        return std::nullopt;
    if (const auto conversation = m_messenger->conversations().find(sent->conversationId);
        conversation && conversation->requestState == RequestState::Pending) {
        QString ignored;
        acceptRequest(conversation->id, &ignored);
    }
    return sent;
}

bool Node::useMailbox(const QString &peerId, QString *error)
{
    if (!m_running)
        return refuse(error, QStringLiteral("the node is not running"));
    if (!peerId.isEmpty()) {
        if (peerId == id())
            return refuse(error, QStringLiteral("this device cannot be its own mailbox"));
        const auto peer = m_peers->find(peerId);
        if (!peer)
            return refuse(error, QStringLiteral("no such peer: %1").arg(peerId));
        if (peer->trust == Trust::Blocked)
            return refuse(error, QStringLiteral("%1 is blocked").arg(peer->displayName()));
    }
    if (!setSetting(QStringLiteral("mailboxPeer"), peerId, error))
        return false;
    announce(ChangeKind::Mailbox);
    return true;
}

} // namespace Tincan
