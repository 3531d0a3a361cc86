#include "conversationinfo.h"

#include "chat/messenger.h"
#include "groups/groupmanager.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/conversationrepository.h"
#include "store/peerrepository.h"

namespace Tincan {

ConversationInfo::ConversationInfo(Node &node, QObject *parent)
    : ConversationInfo(parent)
{
    attach(node);
}

ConversationInfo::ConversationInfo(QObject *parent)
    : QObject(parent)
{}

void ConversationInfo::attach(Node &node)
{
    Q_ASSERT(!m_node);
    m_node = &node;
    connect(&node, &Node::changed, this, [this](const NodeChange &change) {
        if (change.kind == ChangeKind::Conversations ||
            (change.kind == ChangeKind::Peer && change.id == m_state.peerId))
            reread();
    });
    const auto ifPeer = [this](const QString &peerId) {
        if (!m_state.peerId.isEmpty() && peerId == m_state.peerId)
            reread();
    };
    connect(&node.sessions(), &SessionManager::peerConnected, this, ifPeer);
    connect(&node.sessions(), &SessionManager::peerDisconnected, this, ifPeer);
    connect(&node.sessions(), &SessionManager::sessionReplaced, this, ifPeer); // its path may too
    const auto ifGroup = [this](const QString &groupId) {
        if (groupId == m_id)
            reread();
    };
    connect(&node.groups(), &GroupManager::groupChanged, this, ifGroup);
    connect(&node.groups(), &GroupManager::membersChanged, this, ifGroup);
}

void ConversationInfo::setConversationId(const QString &id)
{
    if (id == m_id)
        return;
    m_id = id;
    Q_EMIT conversationIdChanged();
    m_state = read();
    Q_EMIT changed();
}

ConversationInfo::State ConversationInfo::read() const
{
    State state;
    const auto conversation =
        m_id.isEmpty() ? std::nullopt : m_node->messenger().conversations().find(m_id);
    if (!conversation)
        return state;
    state.exists = true;
    state.peerId = conversation->peerId;
    state.isGroup = conversation->kind == ConversationKind::Group;
    state.isMember = !state.isGroup || m_node->groups().isMember(conversation->id, m_node->id());
    state.isRequest = conversation->requestState == RequestState::Pending;
    QString title = conversation->title;
    state.trust = static_cast<int>(Trust::Unverified);
    if (!state.peerId.isEmpty()) {
        if (const auto peer = m_node->peers().find(state.peerId)) {
            if (title.isEmpty())
                title = peer->displayName();
            state.trust = static_cast<int>(peer->trust);
        }
        state.online = m_node->sessions().isConnected(state.peerId);
        if (const Link *link = m_node->sessions().link(state.peerId))
            state.linkKind = LinkPath::kindName(link->path().kind);
    }
    state.title = PeerRecord::displayNameOf(conversation->id, {}, title);
    return state;
}

void ConversationInfo::reread()
{
    State fresh = read();
    if (fresh == m_state)
        return;
    m_state = std::move(fresh);
    Q_EMIT changed();
}

} // namespace Tincan
