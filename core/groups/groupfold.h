#pragma once

#include "groupevent.h"
#include "store/storetypes.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>

namespace Tincan {

// One event at its place in the fold: whether it changed anything, and what.
struct FoldStep
{
    GroupEvent event;
    bool applied = false;
    QStringList changed; // the targets it actually added, removed or promoted
};

// The membership a set of events folds to. A pure function of the set: every member that holds
// the same events computes the same state, whatever order they arrived in.
struct GroupState
{
    bool created = false;
    QString name;
    QMap<QString, GroupMember> members; // by peer id
    QSet<QString> everMembers;          // anyone who was a member at some point
    QHash<QString, int> lastExit;       // peer → index in steps where it last stopped being one
    QList<FoldStep> steps;              // every event, in fold order
    qint64 maxLamport = 0;              // of the applied events: the next event's time is one more

    bool isMember(const QString &peerId) const { return members.contains(peerId); }
    GroupRole roleOf(const QString &peerId) const { return members.value(peerId).role; }
    QStringList memberIds() const { return members.keys(); }
    // The applied events no other applied event names in its prev (the newest 16, in fold
    // order): the "prev" of the next event, so that its causal past is everything that took
    // effect here. Events that changed nothing are left out, so that one stored with an absurd
    // Lamport time cannot drag the next event's time along.
    QStringList heads() const;
};

// Sorts by (lamport, actor, id), drops duplicate ids, voids what causality rules out
// (voidedEvents) and applies each other event if its actor was allowed to make it at that point
// (docs/protocol.md, "Groups").
GroupState foldGroup(QList<GroupEvent> events);

// The same fold without the causal checks, with the events in `voided` kept but not applied.
GroupState foldGroupExcept(QList<GroupEvent> events, const QSet<QString> &voided);

// groupcausality.cpp: the ids of distinct events that count for nothing: an event not newer
// than a prev it names, and what a removed member did concurrently with its removal.
QSet<QString> voidedEvents(const QList<GroupEvent> &events);

} // namespace Tincan
