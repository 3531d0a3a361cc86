#include "groupmanager.h"

#include "chat/messenger.h"
#include "crypto/identity.h"
#include "groupprotocol.h"
#include "net/sessionmanager.h"
#include "store/outbox.h"
#include "store/peerrepository.h"
#include "util/logging.h"

#include <QUuid>

#include <algorithm>

namespace Tincan {

QString DeliverySummary::text() const
{
    if (total == 0)
        return QStringLiteral("no recipients");
    if (read == total)
        return QStringLiteral("read by all %1").arg(total);
    if (read > 0)
        return QStringLiteral("delivered to %1 of %2, read by %3")
            .arg(delivered)
            .arg(total)
            .arg(read);
    return QStringLiteral("delivered to %1 of %2").arg(delivered).arg(total);
}

QList<GroupEvent> visibleEvents(const GroupState &state, const QString &peerId)
{
    qsizetype last = -1;
    if (state.isMember(peerId)) {
        last = state.steps.size() - 1;
    } else {
        last = state.lastExit.value(peerId, -1);
        for (qsizetype i = 0; i < state.steps.size(); ++i) {
            const GroupEvent &e = state.steps.at(i).event;
            if (e.actor == peerId || e.targets.contains(peerId))
                last = std::max(last, i);
        }
    }
    QList<GroupEvent> events;
    for (qsizetype i = 0; i <= last; ++i)
        events << state.steps.at(i).event;
    return events;
}

GroupManager::GroupManager(SessionManager &sessions, Messenger &messenger, Database &db,
                           const Identity &identity, PeerRepository &peers, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_messenger(messenger)
    , m_identity(identity)
    , m_peers(peers)
    , m_selfId(identity.id())
    , m_log(db, identity.id())
{
    // Connected after Messenger: its flush waits for the next event-loop turn, while the logs
    // pushed here go out at once, so a peer always learns a membership before the messages
    // that depend on it.
    connect(&sessions, &SessionManager::peerConnected, this, &GroupManager::onPeerConnected);
    connect(&sessions, &SessionManager::messageReceived, this,
            [this](const QString &peerId, const QCborMap &message) {
                const QString type = Protocol::typeOf(message);
                if (type == GroupProtocol::Type::Events)
                    onEvents(peerId, message);
                else if (type == GroupProtocol::Type::Sync)
                    onSync(peerId, message);
            });
}

std::optional<QString> GroupManager::createGroup(const QString &name, const QStringList &memberIds,
                                                 QString *error)
{
    GroupEvent draft;
    draft.op = GroupOp::Create;
    draft.name = name.trimmed().left(MaxGroupNameLength);
    for (const QString &id : memberIds) {
        if (id != m_selfId && !draft.targets.contains(id))
            draft.targets << id;
    }
    draft.nonce = QUuid::createUuid().toRfc4122();
    draft.group = groupIdFor(m_selfId, draft.nonce);
    if (!author(draft.group, draft, error))
        return std::nullopt;
    return draft.group;
}

bool GroupManager::invite(const QString &groupId, const QStringList &peerIds, QString *error)
{
    GroupEvent draft;
    draft.op = GroupOp::Add;
    draft.targets = peerIds;
    return author(groupId, draft, error);
}

bool GroupManager::remove(const QString &groupId, const QString &peerId, QString *error)
{
    GroupEvent draft;
    draft.op = GroupOp::Remove;
    draft.targets = {peerId};
    return author(groupId, draft, error);
}

bool GroupManager::leave(const QString &groupId, QString *error)
{
    GroupEvent draft;
    draft.op = GroupOp::Leave;
    return author(groupId, draft, error);
}

bool GroupManager::rename(const QString &groupId, const QString &name, QString *error)
{
    GroupEvent draft;
    draft.op = GroupOp::Rename;
    draft.name = name.trimmed().left(MaxGroupNameLength);
    return author(groupId, draft, error);
}

bool GroupManager::promote(const QString &groupId, const QString &peerId, QString *error)
{
    GroupEvent draft;
    draft.op = GroupOp::Promote;
    draft.targets = {peerId};
    return author(groupId, draft, error);
}

QStringList GroupManager::groups() const
{
    return m_log.groups().value_or(QStringList{});
}

QList<GroupMember> GroupManager::members(const QString &groupId) const
{
    return m_messenger.conversations().members(groupId).value_or(QList<GroupMember>{});
}

bool GroupManager::isMember(const QString &groupId, const QString &peerId) const
{
    const QList<GroupMember> list = members(groupId);
    return std::any_of(list.cbegin(), list.cend(),
                       [&](const GroupMember &m) { return m.peerId == peerId; });
}

DeliverySummary GroupManager::deliverySummary(const QString &messageUuid) const
{
    DeliverySummary summary;
    for (const Receipt &receipt :
         m_messenger.outbox().receipts(messageUuid).value_or(QList<Receipt>{})) {
        ++summary.total;
        summary.delivered += receipt.state >= MessageState::Delivered ? 1 : 0;
        summary.read += receipt.state == MessageState::Read ? 1 : 0;
        summary.failed += receipt.state == MessageState::Failed ? 1 : 0;
    }
    return summary;
}

bool GroupManager::author(const QString &groupId, GroupEvent draft, QString *error)
{
    m_lastFailure = GroupFailure::None;
    const auto known = m_log.events(groupId);
    if (!known) {
        m_lastFailure = GroupFailure::Storage;
        *error = QStringLiteral("the group log could not be read");
        return false;
    }
    const GroupState current = foldGroup(*known);
    if (draft.op != GroupOp::Create && !current.created) {
        m_lastFailure = GroupFailure::UnknownGroup;
        *error = QStringLiteral("unknown group '%1'").arg(groupId);
        return false;
    }
    draft.group = groupId;
    draft.actor = m_selfId;
    draft.lamport = current.maxLamport + 1;
    draft.ts = QDateTime::currentDateTimeUtc();
    draft.prev = current.heads();
    const auto event = signGroupEvent(m_identity, draft);
    if (!event) {
        m_lastFailure = GroupFailure::Invalid;
        *error = QStringLiteral("invalid group change");
        return false;
    }
    // The same fold every member will run decides whether this change counts.
    const GroupState trial = foldGroup(QList<GroupEvent>(*known) << *event);
    const bool applied =
        std::any_of(trial.steps.cbegin(), trial.steps.cend(),
                    [&](const FoldStep &s) { return s.event.id == event->id && s.applied; });
    if (!applied) {
        m_lastFailure = GroupFailure::NotAllowed;
        *error = QStringLiteral("%1 is not allowed here (not a member, not an admin, or "
                                "nothing would change)")
                     .arg(groupOpName(draft.op));
        return false;
    }
    const auto result = m_log.apply(groupId, {*event}, [](const GroupState &) { return true; });
    if (result.status != GroupApplyResult::Applied) {
        m_lastFailure = GroupFailure::Storage;
        *error = QStringLiteral("the group change could not be stored");
        return false;
    }
    publish(groupId, result, {});
    return true;
}

void GroupManager::publish(const QString &groupId, const GroupApplyResult &result,
                           const QString &relay)
{
    for (const MessageRecord &message : result.eventMessages)
        Q_EMIT m_messenger.messageAdded(message);
    if (result.membersChanged())
        Q_EMIT membersChanged(groupId);
    Q_EMIT groupChanged(groupId);
    Q_EMIT m_messenger.conversationsChanged();

    // Everyone who was or is a member, and everyone the new events name, hears of them.
    QSet<QString> recipients;
    for (const QString &peer : result.before.members.keys())
        recipients.insert(peer);
    for (const QString &peer : result.after.members.keys())
        recipients.insert(peer);
    for (const GroupEvent &event : result.added) {
        for (const QString &target : event.targets)
            recipients.insert(target);
    }
    for (const QString &peer : devicesOf(recipients)) {
        if (peer == relay || !m_sessions.isConnected(peer))
            continue; // it catches up when its session comes up
        const QString member = memberFor(result.after, peer);
        const QList<GroupEvent> visible = visibleEvents(result.after, member);
        if (result.after.isMember(member) && !result.before.isMember(member)) {
            sendLog(peer, groupId, visible); // it joined: it needs the whole log
            continue;
        }
        // Of the new events, only what it may see: an ex-member hears nothing said after it left.
        QSet<QString> visibleIds;
        for (const GroupEvent &event : visible)
            visibleIds.insert(event.id);
        QList<GroupEvent> events;
        for (const GroupEvent &event : result.added) {
            if (visibleIds.contains(event.id))
                events << event;
        }
        if (!events.isEmpty())
            sendLog(peer, groupId, events);
    }
}

void GroupManager::sendLog(const QString &peerId, const QString &groupId,
                           const QList<GroupEvent> &events)
{
    QList<QByteArray> payloads;
    for (const GroupEvent &event : events)
        payloads << event.payload();
    for (const QCborMap &message : GroupProtocol::encodeEvents(groupId, payloads))
        m_sessions.send(peerId, message);
}

void GroupManager::onPeerConnected(const QString &peerId)
{
    for (const QString &groupId : m_log.groups().value_or(QStringList{})) {
        const auto state = m_log.state(groupId);
        if (!state)
            continue;
        const QList<GroupEvent> events = visibleEvents(*state, memberFor(*state, peerId));
        if (!events.isEmpty())
            sendLog(peerId, groupId, events);
    }
}

QString GroupManager::memberFor(const GroupState &state, const QString &deviceId) const
{
    if (state.everMembers.contains(deviceId))
        return deviceId;
    const QStringList own = m_messenger.messages().otherOwnDevices();
    const auto accountOf = [this](const QString &id) {
        const auto peer = m_peers.find(id);
        return peer ? peer->accountId : QString();
    };
    const bool ours = deviceId == m_selfId || own.contains(deviceId);
    const QString account = ours ? QString() : accountOf(deviceId);
    if (!ours && account.isEmpty())
        return deviceId;
    for (const QString &member : state.everMembers) {
        if (ours ? member == m_selfId || own.contains(member) : accountOf(member) == account)
            return member;
    }
    return deviceId;
}

QStringList GroupManager::devicesOf(const QSet<QString> &ids) const
{
    const QStringList own = m_messenger.messages().otherOwnDevices();
    return m_peers.devicesOfPeople(QStringList(ids.cbegin(), ids.cend()), m_selfId, own) + own;
}

} // namespace Tincan
