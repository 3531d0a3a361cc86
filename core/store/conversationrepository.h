#pragma once

#include "storetypes.h"

#include <optional>

namespace Tincan {

class Database;

struct ConversationSummary
{
    ConversationRecord conversation;
    QString displayName; // the title; for a direct conversation without one, alias or name
    std::optional<MessageRecord> lastMessage;
    QString preview; // first line of the last message, at most previewLength characters
};

enum class ConversationFilter
{
    Inbox,
    Requests,
    Ignored,
    All
};

// Conversations (direct and group), their members, message requests, unread counts.
// Direct conversations use a peer id as their id (one per person: direct()); groups a UUID.
class ConversationRepository
{
public:
    static constexpr int previewLength = 100;

    // selfId: this profile's own peer id (the group creator, never a recipient).
    ConversationRepository(Database &db, QString selfId);

    std::optional<ConversationRecord> find(const QString &id) const;
    // Gets or creates the direct conversation with peerId (and a bare peer row if unknown):
    // its own, else the one of another device of its account (ofPerson), else a new one keyed
    // by peerId. initialState applies only to a conversation created now.
    std::optional<ConversationRecord> direct(const QString &peerId,
                                             RequestState initialState = RequestState::Accepted);
    // The same without creating one.
    std::optional<ConversationRecord> findDirect(const QString &deviceId) const;

    // Newest activity first, each with its unread count and last message.
    std::optional<QList<ConversationSummary>>
    list(ConversationFilter filter = ConversationFilter::Inbox) const;
    int totalUnread(ConversationFilter filter = ConversationFilter::Inbox) const; // -1 on error
    // Message requests waiting for an answer, direct and group ones; -1 on a database error.
    int pendingRequestCount() const;
    // A stranger's requests and their messages are bounded (MessageStore: Rejected beyond).
    static constexpr int MaxPendingRequests = 100;
    static constexpr int MaxMessagesPerRequest = 100;

    // Message requests: accepting also makes the peer of a direct conversation a contact.
    // Blocking is PeerRepository::setTrust(Blocked); messages from blocked peers are refused.
    bool accept(const QString &id);
    bool ignore(const QString &id);
    bool setTitle(const QString &id, const QString &title);

    // Marks every unread incoming message read and resets the unread count. Returns the messages
    // that became read; with queueReceipts their read receipts are queued in the outbox in the
    // same transaction (the "send read receipts" setting). This person's other devices are
    // told in any case, through the outbox as well.
    std::optional<QList<MessageRecord>> markRead(const QString &id, bool queueReceipts,
                                                 const QStringList &ownDevices = {});
    // Another device of this person read these incoming messages: they are read here too.
    // Returns the conversations whose unread count changed; *notHere gets the uuids of
    // messages not stored here (yet).
    std::optional<QStringList> markReadElsewhere(const QStringList &uuids,
                                                 QStringList *notHere = nullptr);

    // A new profile: no messages, conversations or contacts (nullopt on a database error).
    std::optional<bool> isEmptyProfile() const;

    // Deletes the conversation's messages, including undelivered outgoing ones (their outbox
    // entries go with them); the conversation itself stays.
    bool clear(const QString &id);

    // Groups: the schema and these basics; membership rules arrive with the groups issue.
    std::optional<ConversationRecord>
    createGroup(const QString &title, const QStringList &memberIds, const QString &id = {},
                RequestState initialState = RequestState::Accepted);
    bool addMember(const QString &groupId, const GroupMember &member);
    bool removeMember(const QString &groupId, const QString &peerId);
    std::optional<QList<GroupMember>> members(const QString &groupId) const;

private:
    std::optional<ConversationRecord> ofPerson(const QString &deviceId) const;
    bool setRequestState(const QString &id, RequestState state);

    Database &m_db;
    QString m_selfId;
};

} // namespace Tincan
