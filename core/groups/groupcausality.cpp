// Causal validation of group events (docs/protocol.md, "Groups", "Causality"): which events of a
// set count for nothing because of what their authors could not have known, or claimed not to.
#include "groupfold.h"

#include <QHash>

namespace Tincan {

namespace {

using Index = QHash<QString, const GroupEvent *>;

// The ids of everything e causally follows within the set: its prev, theirs, and so on.
class Pasts
{
public:
    explicit Pasts(const Index &byId)
        : m_byId(byId)
    {}

    QSet<QString> of(const GroupEvent &e) // by value: the cache may rehash
    {
        auto it = m_cache.constFind(e.id);
        if (it != m_cache.constEnd())
            return *it;
        QSet<QString> past;
        QStringList todo = e.prev;
        while (!todo.isEmpty()) {
            const QString id = todo.takeLast();
            const GroupEvent *known = m_byId.value(id);
            if (!known || past.contains(id))
                continue;
            past.insert(id);
            todo += known->prev;
        }
        return *m_cache.insert(e.id, past);
    }

private:
    const Index &m_byId;
    QHash<QString, QSet<QString>> m_cache;
};

// A removal that counts: judged by what its author knew (its causal past), so that no event
// the author never saw, back-dated or not, can take its authority away.
struct Removal
{
    const GroupEvent *event = nullptr;
    QStringList targets; // the members it removes
    GroupRole rank = GroupRole::Member;
};

bool outranks(const Removal &a, const Removal &b)
{
    if (a.rank != b.rank)
        return int(a.rank) > int(b.rank);
    return a.event->actor < b.event->actor;
}

} // namespace

QSet<QString> voidedEvents(const QList<GroupEvent> &events)
{
    Index byId;
    for (const GroupEvent &e : events)
        byId.insert(e.id, &e);
    QSet<QString> voided;
    // An event must be newer (in Lamport time) than everything it says it knew, and not
    // absurdly newer than the newest of it (MaxLamportStep).
    for (const GroupEvent &e : events) {
        qint64 newestKnown = 0;
        for (const QString &prev : e.prev) {
            const GroupEvent *p = byId.value(prev);
            if (p && p->lamport >= e.lamport)
                voided.insert(e.id);
            if (p)
                newestKnown = std::max(newestKnown, p->lamport);
        }
        if (e.lamport > newestKnown + MaxLamportStep)
            voided.insert(e.id);
    }
    Pasts pasts(byId);
    QList<Removal> removals;
    for (const GroupEvent &e : events) {
        if (e.op != GroupOp::Remove || voided.contains(e.id))
            continue;
        const QSet<QString> past = pasts.of(e);
        QList<GroupEvent> known;
        for (const GroupEvent &k : events) {
            if (past.contains(k.id) && !voided.contains(k.id))
                known << k;
        }
        const GroupState before = foldGroupExcept(known, {});
        if (!before.isMember(e.actor) || before.roleOf(e.actor) == GroupRole::Member)
            continue;
        Removal removal{&e, {}, before.roleOf(e.actor)};
        for (const QString &target : e.targets) {
            if (target != e.actor && before.isMember(target) &&
                before.roleOf(target) != GroupRole::Creator)
                removal.targets << target;
        }
        if (!removal.targets.isEmpty())
            removals << removal;
    }
    // Two removals of each other that neither author knew of: the higher rank wins, then the
    // lower id (as in the fold order for equal times); the loser counts for nothing.
    const auto concurrent = [&](const GroupEvent &a, const GroupEvent &b) {
        return !pasts.of(a).contains(b.id) && !pasts.of(b).contains(a.id);
    };
    QSet<const GroupEvent *> lost;
    for (const Removal &r : std::as_const(removals)) {
        for (const Removal &other : std::as_const(removals)) {
            if (r.targets.contains(other.event->actor) && other.targets.contains(r.event->actor) &&
                concurrent(*r.event, *other.event) && outranks(other, r))
                lost.insert(r.event);
        }
    }
    // What a removed member did concurrently with its removal (neither knew of the other)
    // counts for nothing, whatever Lamport time it claims. A removal voided that way voids
    // nothing itself, so this runs until nothing changes (bounded: a pathological set that
    // keeps flipping stops after as many rounds as it has removals, the same everywhere).
    QSet<QString> raced;
    for (qsizetype round = 0; round <= removals.size(); ++round) {
        QSet<QString> next;
        for (const Removal &r : std::as_const(removals)) {
            if (lost.contains(r.event) || raced.contains(r.event->id))
                continue;
            for (const GroupEvent &e : events) {
                if (r.targets.contains(e.actor) && concurrent(*r.event, e))
                    next.insert(e.id);
            }
        }
        if (next == raced)
            break;
        raced = next;
    }
    for (const Removal &r : std::as_const(removals)) {
        if (lost.contains(r.event))
            raced.insert(r.event->id);
    }
    voided += raced;
    return voided;
}

} // namespace Tincan
