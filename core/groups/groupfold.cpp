#include "groupfold.h"

#include <algorithm>

namespace Tincan {

namespace {

bool canManage(const GroupState &state, const QString &peerId)
{
    return state.isMember(peerId) && state.roleOf(peerId) != GroupRole::Member;
}

void drop(GroupState &state, const QString &peerId, QStringList &changed)
{
    if (state.members.remove(peerId) > 0) {
        changed << peerId;
        state.lastExit.insert(peerId, int(state.steps.size()));
    }
}

void enter(GroupState &state, const GroupEvent &e, const QString &peerId, GroupRole role,
           QStringList &changed)
{
    if (state.isMember(peerId))
        return;
    state.members.insert(peerId, {peerId, role, e.actor, e.ts});
    state.everMembers.insert(peerId);
    changed << peerId;
}

// Applies e to state if allowed there; returns the peers it changed (for rename: none).
bool applyEvent(GroupState &state, const GroupEvent &e, QStringList &changed)
{
    switch (e.op) {
    case GroupOp::Create:
        // The id derives from the creator (checked on parsing), so only the creator's own
        // duplicates compete here; the first in fold order wins.
        if (state.created)
            return false;
        state.created = true;
        state.name = e.name;
        enter(state, e, e.actor, GroupRole::Creator, changed);
        for (const QString &target : e.targets)
            enter(state, e, target, GroupRole::Member, changed);
        return true;
    case GroupOp::Add:
        if (!state.isMember(e.actor))
            return false;
        for (const QString &target : e.targets)
            enter(state, e, target, GroupRole::Member, changed);
        return !changed.isEmpty();
    case GroupOp::Remove:
        if (!canManage(state, e.actor))
            return false;
        for (const QString &target : e.targets) {
            // Nobody removes the creator; the creator can only leave.
            if (state.isMember(target) && state.roleOf(target) != GroupRole::Creator)
                drop(state, target, changed);
        }
        return !changed.isEmpty();
    case GroupOp::Leave:
        if (!state.isMember(e.actor))
            return false;
        drop(state, e.actor, changed);
        return true;
    case GroupOp::Rename:
        if (!canManage(state, e.actor) || e.name == state.name)
            return false;
        state.name = e.name;
        return true;
    case GroupOp::Promote:
        if (!canManage(state, e.actor))
            return false;
        for (const QString &target : e.targets) {
            auto member = state.members.find(target);
            if (member != state.members.end() && member->role == GroupRole::Member) {
                member->role = GroupRole::Admin;
                changed << target;
            }
        }
        return !changed.isEmpty();
    }
    return false;
}

} // namespace

QStringList GroupState::heads() const
{
    QSet<QString> named;
    for (const FoldStep &step : steps) {
        for (const QString &prev : step.event.prev)
            if (step.applied)
                named.insert(prev);
    }
    QStringList ids;
    for (const FoldStep &step : steps) {
        if (step.applied && !named.contains(step.event.id))
            ids << step.event.id;
    }
    return ids.mid(std::max<qsizetype>(0, ids.size() - 16));
}

GroupState foldGroup(QList<GroupEvent> events)
{
    std::sort(events.begin(), events.end(), foldsBefore);
    QList<GroupEvent> distinct;
    QSet<QString> seen;
    for (const GroupEvent &event : std::as_const(events)) {
        if (!seen.contains(event.id)) {
            seen.insert(event.id);
            distinct << event;
        }
    }
    const QSet<QString> voided = voidedEvents(distinct);
    return foldGroupExcept(distinct, voided);
}

GroupState foldGroupExcept(QList<GroupEvent> events, const QSet<QString> &voided)
{
    std::sort(events.begin(), events.end(), foldsBefore);
    GroupState state;
    QSet<QString> seen;
    for (const GroupEvent &event : std::as_const(events)) {
        if (seen.contains(event.id))
            continue;
        seen.insert(event.id);
        // Before create nothing counts: the fold cannot know who is in the group yet.
        FoldStep step{event, false, {}};
        if ((state.created || event.op == GroupOp::Create) && !voided.contains(event.id))
            step.applied = applyEvent(state, event, step.changed);
        // Only what took effect moves the clock: a former member or a stranger can store
        // events, but never push the next event's time out of range.
        if (step.applied)
            state.maxLamport = std::max(state.maxLamport, event.lamport);
        state.steps << step;
    }
    return state;
}

} // namespace Tincan
