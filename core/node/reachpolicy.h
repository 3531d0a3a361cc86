#pragma once

#include "discovery/discoverydialer.h"

#include <QObject>

namespace Tincan {

class DiscoveryService;
class Messenger;
class PeerRepository;
class SessionManager;

// Whom this node keeps sessions to on a LAN of hundreds (#20, docs/performance.md, "A LAN of
// hundreds"). Discovery asks wish() for every peer it hears: a blocked peer is never dialled; a
// verified contact, a conversation active in the last RecentDays and a peer with messages
// waiting always are; anyone else only while the LAN is small. What the user does reaches the
// peers concerned at once: opening a conversation, or any outgoing message, text or file, to a
// person or a group. The same rule decides which dropped sessions are redialled.
class ReachPolicy : public QObject
{
    Q_OBJECT
public:
    static constexpr int RecentDays = 30;

    ReachPolicy(DiscoveryService &discovery, SessionManager &sessions, Messenger &messenger,
                PeerRepository &peers, QObject *parent = nullptr);
    ~ReachPolicy() override;

    DialWish wish(const QString &peerId) const;
    // Dials, now, whoever of the conversation's recipients discovery knows and has no session.
    void reachConversation(const QString &conversationId);

private:
    DiscoveryService &m_discovery;
    SessionManager &m_sessions;
    Messenger &m_messenger;
    PeerRepository &m_peers;
};

} // namespace Tincan
