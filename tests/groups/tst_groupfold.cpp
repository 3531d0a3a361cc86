// The fold and the event format, without any network: convergence is a property of the fold.
#include "crypto/identity.h"
#include "groups/groupevent.h"
#include "groups/groupfold.h"
#include "groups/groupmanager.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Tincan;

namespace {
Identity makeIdentity(QTemporaryDir &dir)
{
    QString error;
    auto identity = Identity::loadOrCreate(dir.path(), &error);
    if (!identity)
        qFatal("identity: %s", qPrintable(error));
    return *identity;
}

GroupEvent signedEvent(const Identity &who, GroupOp op, const QString &group, qint64 lamport,
                       const QStringList &targets = {}, const QString &name = {})
{
    GroupEvent e;
    e.op = op;
    e.group = group;
    e.actor = who.id();
    e.targets = targets;
    e.name = name;
    e.lamport = lamport;
    e.ts = QDateTime::currentDateTimeUtc();
    return *signGroupEvent(who, e);
}
} // namespace

class TestGroupFold : public QObject
{
    Q_OBJECT

    QTemporaryDir da, db, dc, dd;
    std::optional<Identity> a, b, c, d;
    GroupEvent create;

private Q_SLOTS:
    void initTestCase()
    {
        a = makeIdentity(da), b = makeIdentity(db), c = makeIdentity(dc), d = makeIdentity(dd);
        GroupEvent e;
        e.op = GroupOp::Create;
        e.actor = a->id();
        e.name = QStringLiteral("G");
        e.targets = {b->id(), c->id()};
        e.lamport = 1;
        e.ts = QDateTime::currentDateTimeUtc();
        create = *signGroupEvent(*a, e);
    }

    void roundTripAndVerify()
    {
        const auto parsed = parseGroupEvent(create.payload());
        QVERIFY(parsed);
        QCOMPARE(parsed->id, create.id);
        QCOMPARE(parsed->group, groupIdFor(a->id(), create.nonce));
        QCOMPARE(parsed->targets, create.targets);
        QString why;
        auto forged = create;
        forged.signature = b->sign(create.body);
        QVERIFY(!parseGroupEvent(forged.payload(), &why));
        QCOMPARE(why, QStringLiteral("bad signature"));
        forged.certificate = b->certificate().toDer();
        QVERIFY(!parseGroupEvent(forged.payload(), &why));
        QCOMPARE(why, QStringLiteral("the certificate is not the actor's"));
    }

    void createCannotBeHijacked()
    {
        // B signs a create for A's group id: the id does not derive from B, so it is invalid.
        GroupEvent e = create;
        e.actor = b->id();
        e.lamport = 1;
        QVERIFY(!signGroupEvent(*b, e));
    }

    void authorisation()
    {
        const QString g = create.group;
        const auto byNonMember = signedEvent(*d, GroupOp::Add, g, 2, {d->id()});
        const auto memberRemoves = signedEvent(*b, GroupOp::Remove, g, 2, {c->id()});
        const auto memberAdds = signedEvent(*b, GroupOp::Add, g, 3, {d->id()});
        const auto renameByMember = signedEvent(*c, GroupOp::Rename, g, 4, {}, QStringLiteral("x"));
        const GroupState s =
            foldGroup({create, byNonMember, memberRemoves, memberAdds, renameByMember});
        QStringList everyone{a->id(), b->id(), c->id(), d->id()};
        everyone.sort();
        QCOMPARE(s.memberIds(), everyone); // only B's add counted
        QCOMPARE(s.name, QStringLiteral("G"));
        QCOMPARE(s.roleOf(a->id()), GroupRole::Creator);
        for (const FoldStep &step : s.steps) {
            const bool shouldApply = step.event.id == create.id || step.event.id == memberAdds.id;
            QCOMPARE(step.applied, shouldApply);
        }
    }

    // A single stored event with a huge Lamport time, from a member or from someone who is not
    // one, used to move the clock so far that no later event could be written (its time past
    // MaxLamport): nobody could remove the attacker or leave. It counts for nothing now.
    void anAbsurdLamportTimeCannotFreezeTheGroup()
    {
        const QString g = create.group;
        const auto with = [](GroupEvent e, const QStringList &prev, const Identity &who) {
            e.prev = prev;
            return *signGroupEvent(who, e);
        };
        const auto byMember =
            with(signedEvent(*b, GroupOp::Rename, g, MaxLamport, {}, QStringLiteral("X")),
                 {create.id}, *b);
        const auto byStranger =
            with(signedEvent(*d, GroupOp::Add, g, MaxLamport - 1, {d->id()}), {create.id}, *d);
        const auto cLeaves = with(signedEvent(*c, GroupOp::Leave, g, 2), {create.id}, *c);
        const auto leftAgain = with(signedEvent(*c, GroupOp::Leave, g, 1000), {cLeaves.id}, *c);
        const GroupState s = foldGroup({create, byMember, byStranger, cLeaves, leftAgain});
        QCOMPARE(s.name, QStringLiteral("G"));
        QCOMPARE(s.maxLamport, qint64(2)); // create and C's leave; C's second leave did nothing
        QCOMPARE(s.heads(), QStringList{cLeaves.id});

        // A, as GroupManager would, writes the next event: it is valid and takes effect.
        GroupEvent next;
        next.op = GroupOp::Remove;
        next.group = g;
        next.actor = a->id();
        next.targets = {b->id()};
        next.lamport = s.maxLamport + 1;
        next.prev = s.heads();
        next.ts = QDateTime::currentDateTimeUtc();
        const auto removeB = signGroupEvent(*a, next);
        QVERIFY(removeB);
        const GroupState after =
            foldGroup({create, byMember, byStranger, cLeaves, leftAgain, *removeB});
        QVERIFY(!after.isMember(b->id()));
        QCOMPARE(after.memberIds(), QStringList{a->id()});
    }

    void sameSetSameResultInAnyOrder()
    {
        const QString g = create.group;
        QList<GroupEvent> events{create,
                                 signedEvent(*a, GroupOp::Promote, g, 2, {b->id()}),
                                 signedEvent(*b, GroupOp::Remove, g, 3, {c->id()}),
                                 signedEvent(*c, GroupOp::Add, g, 3, {d->id()}),
                                 signedEvent(*a, GroupOp::Remove, g, 3, {b->id()}),
                                 signedEvent(*d, GroupOp::Leave, g, 4),
                                 signedEvent(*b, GroupOp::Rename, g, 4, {}, QStringLiteral("R"))};
        const GroupState reference = foldGroup(events);
        for (int round = 0; round < 50; ++round) {
            std::shuffle(events.begin(), events.end(), *QRandomGenerator::global());
            QList<GroupEvent> withDuplicates = events + events.mid(0, 3);
            const GroupState s = foldGroup(withDuplicates);
            QCOMPARE(s.memberIds(), reference.memberIds());
            QCOMPARE(s.name, reference.name);
            QCOMPARE(s.steps.size(), reference.steps.size());
        }
    }

    // docs/protocol.md, "Causality": the back-dating gap closed.
    void removedMemberCannotBackDate()
    {
        const QString g = create.group;
        const auto with = [](GroupEvent e, const QStringList &prev, const Identity &who) {
            e.prev = prev;
            return *signGroupEvent(who, e);
        };
        const auto promoteB =
            with(signedEvent(*a, GroupOp::Promote, g, 2, {b->id()}), {create.id}, *a);
        const auto removeB =
            with(signedEvent(*a, GroupOp::Remove, g, 3, {b->id()}), {promoteB.id}, *a);
        // B, removed, signs changes that claim not to know of it, back-dated below the removal.
        const auto addD = with(signedEvent(*b, GroupOp::Add, g, 2, {d->id()}), {create.id}, *b);
        const auto removeC =
            with(signedEvent(*b, GroupOp::Remove, g, 3, {c->id()}), {promoteB.id}, *b);
        // Or claims to know the removal but puts its Lamport time below it.
        const auto rename = with(signedEvent(*b, GroupOp::Rename, g, 3, {}, QStringLiteral("mine")),
                                 {removeB.id}, *b);
        const GroupState s = foldGroup({create, promoteB, removeB, addD, removeC, rename});
        QStringList expected{a->id(), c->id()};
        expected.sort();
        QCOMPARE(s.memberIds(), expected);
        QCOMPARE(s.name, QStringLiteral("G"));
        for (const FoldStep &step : s.steps)
            QCOMPARE(step.applied, step.event.actor == a->id());
        // Without the removal, the same changes count: the rule voids only what raced it.
        const GroupState without = foldGroup({create, promoteB, addD, removeC});
        QVERIFY(without.isMember(d->id()));
        QVERIFY(!without.isMember(c->id()));
    }

    void whatTheRemoverKnewStays()
    {
        const QString g = create.group;
        const auto with = [](GroupEvent e, const QStringList &prev, const Identity &who) {
            e.prev = prev;
            return *signGroupEvent(who, e);
        };
        // B adds D; A saw that (it is in the removal's past) and then removes B: D stays.
        const auto addD = with(signedEvent(*b, GroupOp::Add, g, 2, {d->id()}), {create.id}, *b);
        const auto removeB = with(signedEvent(*a, GroupOp::Remove, g, 3, {b->id()}), {addD.id}, *a);
        const GroupState s = foldGroup({removeB, addD, create});
        QStringList expected{a->id(), c->id(), d->id()};
        expected.sort();
        QCOMPARE(s.memberIds(), expected);
        // heads() names what no other event names, so the next event's past is all of it.
        QCOMPARE(s.heads(), QStringList{removeB.id});
        QCOMPARE(foldGroup({create, addD}).heads(), QStringList{addD.id});
    }

    void mutualRemovalsResolveByRankThenId()
    {
        const QString g = create.group;
        const auto with = [](GroupEvent e, const QStringList &prev, const Identity &who) {
            e.prev = prev;
            return *signGroupEvent(who, e);
        };
        const auto promote =
            with(signedEvent(*a, GroupOp::Promote, g, 2, {b->id(), c->id()}), {create.id}, *a);
        // Two admins remove each other, neither knowing of the other: the lower id wins, even
        // when the other claims an earlier Lamport time.
        const Identity &low = b->id() < c->id() ? *b : *c;
        const Identity &high = b->id() < c->id() ? *c : *b;
        const auto lowRemoves =
            with(signedEvent(low, GroupOp::Remove, g, 5, {high.id()}), {promote.id}, low);
        const auto highRemoves =
            with(signedEvent(high, GroupOp::Remove, g, 3, {low.id()}), {promote.id}, high);
        const GroupState s = foldGroup({create, promote, highRemoves, lowRemoves});
        QVERIFY(s.isMember(low.id()));
        QVERIFY(!s.isMember(high.id()));
        // The creator outranks any admin, whatever the ids.
        const auto creatorRemoves =
            with(signedEvent(*a, GroupOp::Remove, g, 3, {low.id()}), {promote.id}, *a);
        const GroupState t = foldGroup({create, promote, lowRemoves, creatorRemoves});
        QVERIFY(!t.isMember(low.id()));
        QVERIFY(t.isMember(high.id()));
    }

    void visibleLogStopsAtExit()
    {
        const QString g = create.group;
        const auto removeC = signedEvent(*a, GroupOp::Remove, g, 2, {c->id()});
        const auto later = signedEvent(*a, GroupOp::Rename, g, 3, {}, QStringLiteral("secret"));
        const GroupState s = foldGroup({create, removeC, later});
        QCOMPARE(visibleEvents(s, c->id()).size(), 2);
        QCOMPARE(visibleEvents(s, b->id()).size(), 3);
        QCOMPARE(visibleEvents(s, d->id()).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGroupFold)
#include "tst_groupfold.moc"
