// The receiving side of GroupManager: events and sync requests from peers.
#include "groupmanager.h"

#include "chat/messenger.h"
#include "groupprotocol.h"
#include "net/sessionmanager.h"
#include "store/conversationrepository.h"
#include "store/peerrepository.h"
#include "util/logging.h"

namespace Tincan {

void GroupManager::onEvents(const QString &peerId, const QCborMap &message)
{
    const auto decoded = GroupProtocol::decodeEvents(message);
    if (!decoded) {
        qCInfo(lcNet).noquote() << "dropping malformed group events from" << peerId.left(12);
        return;
    }
    QList<GroupEvent> events;
    for (const QByteArray &payload : decoded->payloads) {
        QString why;
        auto event = parseGroupEvent(payload, &why);
        if (!event || event->group != decoded->groupId) {
            qCWarning(lcNet).noquote() << "rejecting a group event from" << peerId.left(12) << ":"
                                       << (event ? QStringLiteral("wrong group") : why);
            continue;
        }
        events << *event;
    }
    if (events.isEmpty())
        return;
    // Only someone who is or was a member may relay a group's events, and we only keep logs
    // of groups we are or were in: a stranger can neither inject into a group nor fill our
    // store with groups of its own invention that do not include us.
    const QString self = m_selfId;
    const QString groupId = decoded->groupId;
    // A group we first hear of is an invitation. From someone who is not a contact it waits
    // with the message requests, as a stranger's direct message does, and its files ask first:
    // otherwise any stranger could skip the requests by making a group with us in it.
    const auto invitation = [&](const GroupState &after) {
        const bool known = m_peers.isKnown(after.members.value(memberFor(after, self)).addedBy);
        return known || m_messenger.messages().acceptEveryone() ? RequestState::Accepted
                                                                : RequestState::Pending;
    };
    // Requests are bounded (ConversationRepository::MaxPendingRequests): beyond, a stranger's
    // new group is not taken for now; its events come again with the next sync.
    const auto roomForInvitation = [&](const GroupState &after) {
        if (m_messenger.conversations().find(groupId) ||
            invitation(after) == RequestState::Accepted)
            return true;
        const int pending = m_messenger.conversations().pendingRequestCount();
        return pending >= 0 && pending < ConversationRepository::MaxPendingRequests;
    };
    // A member is a person (#18): any of their devices relays for them, and this person is in
    // the group on whichever of its devices was added.
    const auto accept = [&](const GroupState &after) {
        return after.everMembers.contains(memberFor(after, peerId)) &&
               after.everMembers.contains(memberFor(after, self)) && roomForInvitation(after);
    };
    const auto result = m_log.apply(groupId, events, accept, invitation);
    switch (result.status) {
    case GroupApplyResult::Refused:
        qCWarning(lcNet).noquote() << "refusing group events from" << peerId.left(12) << "for"
                                   << groupId << "(not a member, or too many requests wait)";
        return;
    case GroupApplyResult::Failed:
        qCWarning(lcStore).noquote() << "could not store group events for" << groupId;
        return;
    case GroupApplyResult::Applied:
        publish(groupId, result, peerId);
        break;
    case GroupApplyResult::Unchanged:
        break;
    }
    // An event naming predecessors we never saw means the relay knows more: ask for it.
    QSet<QString> known;
    for (const FoldStep &step : result.after.steps)
        known.insert(step.event.id);
    for (const GroupEvent &event : std::as_const(events)) {
        for (const QString &prev : event.prev) {
            if (!known.contains(prev)) {
                QStringList ids(known.cbegin(), known.cend());
                m_sessions.send(
                    peerId, GroupProtocol::encodeSync({{groupId, GroupProtocol::logDigest(ids)}}));
                return;
            }
        }
    }
}

void GroupManager::onSync(const QString &peerId, const QCborMap &message)
{
    const auto items = GroupProtocol::decodeSync(message);
    if (!items)
        return;
    for (const GroupProtocol::SyncItem &item : *items) {
        const auto state = m_log.state(item.groupId);
        if (!state || !state->created)
            continue;
        QStringList ids;
        for (const FoldStep &step : state->steps)
            ids << step.event.id;
        if (GroupProtocol::logDigest(ids) == item.digest)
            continue;
        const QList<GroupEvent> events = visibleEvents(*state, memberFor(*state, peerId));
        if (!events.isEmpty())
            sendLog(peerId, item.groupId, events);
    }
}

} // namespace Tincan
