#include "reachpolicy.h"

#include "chat/messenger.h"
#include "discovery/discoveryservice.h"
#include "net/sessionmanager.h"
#include "store/outbox.h"
#include "store/peerrepository.h"

#include <QDateTime>

namespace Tincan {

ReachPolicy::ReachPolicy(DiscoveryService &discovery, SessionManager &sessions,
                         Messenger &messenger, PeerRepository &peers, QObject *parent)
    : QObject(parent)
    , m_discovery(discovery)
    , m_sessions(sessions)
    , m_messenger(messenger)
    , m_peers(peers)
{
    m_discovery.setDialFilter([this](const QString &peerId) { return wish(peerId); });
    m_sessions.setRedialFilter(
        [this](const QString &peerId) { return m_discovery.wantsSession(peerId); });
    connect(&m_messenger, &Messenger::messageAdded, this, [this](const MessageRecord &message) {
        if (message.outgoing)
            reachConversation(message.conversationId);
    });
}

ReachPolicy::~ReachPolicy()
{
    m_discovery.setDialFilter({}); // both would call into this object
    m_sessions.setRedialFilter({});
}

DialWish ReachPolicy::wish(const QString &peerId) const
{
    const auto record = m_peers.find(peerId);
    if (record && record->trust == Trust::Blocked)
        return DialWish::Never;
    if (record && record->trust == Trust::Verified)
        return DialWish::Always;
    // A direct conversation's id is the peer's id.
    if (const auto conversation = m_messenger.conversations().find(peerId);
        conversation &&
        conversation->lastActivity.daysTo(QDateTime::currentDateTimeUtc()) <= RecentDays)
        return DialWish::Always;
    if (m_messenger.outbox().pendingCount(peerId) > 0)
        return DialWish::Always;
    return DialWish::WhileSmall;
}

void ReachPolicy::reachConversation(const QString &conversationId)
{
    const auto conversation = m_messenger.conversations().find(conversationId);
    if (!conversation)
        return;
    if (conversation->kind == ConversationKind::Direct) {
        m_discovery.reach(conversation->peerId);
        return;
    }
    for (const GroupMember &member :
         m_messenger.conversations().members(conversationId).value_or(QList<GroupMember>{}))
        m_discovery.reach(member.peerId);
}

} // namespace Tincan
