// Four in-process cores (and a fifth outsider) exercising group membership end to end.
#include "chat/chatprotocol.h"
#include "chat/messenger.h"
#include "crypto/identity.h"
#include "files/filetransfers.h"
#include "groups/groupeventline.h"
#include "groups/groupmanager.h"
#include "groups/groupprotocol.h"
#include "net/sessionmanager.h"
#include "testnode.h"

#include <QCborMap>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;

namespace {
constexpr int Timeout = 10000;

void link(TestNode &a, TestNode &b)
{
    QString error;
    QVERIFY2(a->connectTo(b.address(), &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(b.id()) && b->sessions().isConnected(a.id()),
                             Timeout);
}

QStringList memberIds(TestNode &node, const QString &group)
{
    QStringList ids;
    for (const GroupMember &member : node->groups().members(group))
        ids << member.peerId;
    ids.sort();
    return ids;
}

QStringList sorted(QStringList ids)
{
    ids.sort();
    return ids;
}

bool has(TestNode &node, const QString &uuid)
{
    return node->messenger().messages().find(uuid).has_value();
}

int logSize(TestNode &node, const QString &group)
{
    const auto state = node->groups().state(group);
    return state ? int(state->steps.size()) : -1;
}

QString send(TestNode &node, const QString &group, const QString &text)
{
    QString error;
    const auto message = node->messenger().sendText(group, text, {}, &error);
    return message ? message->uuid : QString();
}
} // namespace

class TestGroups : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestNode> a, b, c, d;

    QList<TestNode *> all() { return {a.get(), b.get(), c.get(), d.get()}; }

    void mesh()
    {
        const QList<TestNode *> nodes = all();
        for (qsizetype i = 0; i < nodes.size(); ++i) {
            for (qsizetype j = i + 1; j < nodes.size(); ++j)
                link(*nodes[i], *nodes[j]);
        }
    }

    QString createAll()
    {
        QString error;
        const auto group =
            (*a)->groups().createGroup(QStringLiteral("Team"), {b->id(), c->id(), d->id()}, &error);
        if (!group)
            qWarning() << error;
        return group.value_or(QString());
    }

    bool converged(const QString &group, const QStringList &expected)
    {
        for (TestNode *node : all()) {
            if (memberIds(*node, group) != sorted(expected))
                return false;
        }
        return true;
    }

private Q_SLOTS:
    void init()
    {
        a = std::make_unique<TestNode>(QStringLiteral("Alice"));
        b = std::make_unique<TestNode>(QStringLiteral("Bob"));
        c = std::make_unique<TestNode>(QStringLiteral("Carol"));
        d = std::make_unique<TestNode>(QStringLiteral("Dave"));
        mesh();
    }

    void cleanup() { a.reset(), b.reset(), c.reset(), d.reset(); }

    void createAndFanOut()
    {
        const QString group = createAll();
        QVERIFY(!group.isEmpty());
        const QStringList everyone{a->id(), b->id(), c->id(), d->id()};
        QTRY_VERIFY_WITH_TIMEOUT(converged(group, everyone), Timeout);
        QCOMPARE((*b)->messenger().conversations().find(group)->title, QStringLiteral("Team"));
        // The creation is an event line in every member's history.
        const auto page = (*d)->messenger().messages().history(group, 10);
        QVERIFY(page && !page->messages.isEmpty());
        QCOMPARE(page->messages.constLast().kind, MessageKind::Event);
        // Stored as what happened, not as English: each member puts it into words when shown.
        const auto line = GroupEventLine::decode(page->messages.constLast().body);
        QVERIFY(line && line->op == GroupOp::Create && line->actor == a->id());
        QCOMPARE(QSet<QString>(line->targets.cbegin(), line->targets.cend()),
                 (QSet<QString>{b->id(), c->id(), d->id()}));
        QCOMPARE(line->name, QStringLiteral("Team"));

        const QString uuid = send(*b, group, QStringLiteral("hello team"));
        QVERIFY(!uuid.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(has(*a, uuid) && has(*c, uuid) && has(*d, uuid), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT((*b)->groups().deliverySummary(uuid).delivered, 3, Timeout);
        QCOMPARE((*b)->groups().deliverySummary(uuid).text(),
                 QStringLiteral("delivered to 3 of 3"));
    }

    void offlineMemberCatchesUp()
    {
        const QString group = createAll();
        QTRY_VERIFY_WITH_TIMEOUT(converged(group, {a->id(), b->id(), c->id(), d->id()}), Timeout);
        const QString dId = d->id();
        d->stop();
        QString error;
        QVERIFY2((*a)->groups().remove(group, c->id(), &error), qPrintable(error));
        QVERIFY2((*a)->groups().rename(group, QStringLiteral("Core team"), &error),
                 qPrintable(error));
        const QStringList expected{a->id(), b->id(), dId};
        QTRY_VERIFY_WITH_TIMEOUT(memberIds(*b, group) == sorted(expected) &&
                                     memberIds(*c, group) == sorted(expected),
                                 Timeout);
        const QString uuid = send(*b, group, QStringLiteral("while you were away"));
        QTRY_VERIFY_WITH_TIMEOUT(has(*a, uuid), Timeout);
        QVERIFY(!has(*c, uuid));

        QVERIFY(d->start());
        QCOMPARE(d->id(), dId);
        QTRY_VERIFY_WITH_TIMEOUT(memberIds(*d, group) == sorted(expected), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(has(*d, uuid), Timeout);
        QCOMPARE((*d)->messenger().conversations().find(group)->title, QStringLiteral("Core team"));
        QTRY_VERIFY_WITH_TIMEOUT(converged(group, expected), Timeout);
    }

    void concurrentChangesConverge()
    {
        QString error;
        const auto group =
            (*a)->groups().createGroup(QStringLiteral("Race"), {b->id(), c->id()}, &error);
        QVERIFY2(group, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(logSize(*b, *group) == 1 && logSize(*c, *group) == 1, Timeout);

        // Same event-loop turn: neither has seen the other's change, both use the same lamport.
        QVERIFY2((*a)->groups().remove(*group, c->id(), &error), qPrintable(error));
        QVERIFY2((*b)->groups().invite(*group, {d->id()}, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(converged(*group, {a->id(), b->id(), d->id()}), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(logSize(*a, *group) == 3 && logSize(*b, *group) == 3 &&
                                     logSize(*c, *group) == 3 && logSize(*d, *group) == 3,
                                 Timeout);

        // A conflicting race: B (now admin) removes D while A removes B. A's removal counts
        // (A is the creator), so B's racing change counts for nothing, on every node alike
        // (docs/protocol.md, "Causality"), whichever id sorts first.
        QVERIFY2((*a)->groups().promote(*group, b->id(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(logSize(*b, *group) == 4 && logSize(*d, *group) == 4, Timeout);
        QVERIFY2((*b)->groups().remove(*group, d->id(), &error), qPrintable(error));
        QVERIFY2((*a)->groups().remove(*group, b->id(), &error), qPrintable(error));
        // C left the group earlier and hears nothing of this; the three involved converge.
        QTRY_VERIFY_WITH_TIMEOUT(logSize(*a, *group) == 6 && logSize(*b, *group) == 6 &&
                                     logSize(*d, *group) == 6,
                                 Timeout);
        QCOMPARE(logSize(*c, *group), 3);
        const QStringList final = memberIds(*a, *group);
        QVERIFY(!final.contains(b->id()));
        QVERIFY(final.contains(d->id()));
        QCOMPARE(memberIds(*b, *group), final);
        QCOMPARE(memberIds(*d, *group), final);

        // Leaving converges too.
        if (final.contains(d->id())) {
            QVERIFY2((*d)->groups().leave(*group, &error), qPrintable(error));
            QTRY_COMPARE_WITH_TIMEOUT(memberIds(*a, *group), QStringList{a->id()}, Timeout);
            QTRY_COMPARE_WITH_TIMEOUT(memberIds(*d, *group), QStringList{a->id()}, Timeout);
        }
    }

    void removedMemberGetsNothingNew()
    {
        const QString group = createAll();
        QTRY_VERIFY_WITH_TIMEOUT(converged(group, {a->id(), b->id(), c->id(), d->id()}), Timeout);
        QString error;
        QVERIFY2((*a)->groups().remove(group, d->id(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(converged(group, {a->id(), b->id(), c->id()}), Timeout);

        const QString uuid = send(*a, group, QStringLiteral("not for Dave"));
        QTRY_VERIFY_WITH_TIMEOUT(has(*b, uuid) && has(*c, uuid), Timeout);
        QTest::qWait(300);
        QVERIFY(!has(*d, uuid));
        QCOMPARE((*a)->messenger().outbox().pendingCount(d->id()), 0);
        // D can no longer send into the group, and a hand-made message is refused.
        QVERIFY(send(*d, group, QStringLiteral("still here?")).isEmpty());
        const QString forged = newUuid();
        (*d)->sessions().send(b->id(), ChatProtocol::encodeMessage({forged,
                                                                    group,
                                                                    QDateTime::currentDateTimeUtc(),
                                                                    QStringLiteral("sneaky"),
                                                                    MessageKind::Text,
                                                                    {},
                                                                    {}}));
        const QString probe = send(*a, group, QStringLiteral("probe"));
        QTRY_VERIFY_WITH_TIMEOUT(has(*b, probe), Timeout);
        QTest::qWait(200);
        QVERIFY(!has(*b, forged));
    }

    // A file offered to the group while Dave was a member is not his to fetch once he is
    // removed (issue #19, finding 8): "a removed member receives nothing new".
    void removedMemberCannotFetchAGroupFileOfferedBefore()
    {
        QTemporaryDir work, downloads;
        QString error;
        QVERIFY((*d)->setSetting(QStringLiteral("downloadDir"), downloads.path(), &error));
        const QString group = createAll();
        QTRY_VERIFY_WITH_TIMEOUT(converged(group, {a->id(), b->id(), c->id(), d->id()}), Timeout);
        const QString path = work.filePath(QStringLiteral("plans.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("the plans") == 9);
        file.close();
        const QString id = (*a)->files().sendFile(group, path, &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        const auto stateAtDave = [&] {
            const auto r = (*d)->files().store().find(id, a->id(), TransferDirection::Incoming);
            return r ? r->state : TransferState(-1);
        };
        // A group Dave was added to by a stranger is a request: the file waits for him.
        QTRY_COMPARE_WITH_TIMEOUT(stateAtDave(), TransferState::AskUser, Timeout);
        QVERIFY2((*a)->groups().remove(group, d->id(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(converged(group, {a->id(), b->id(), c->id()}), Timeout);
        QVERIFY2((*d)->files().accept(id, a->id(), &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(stateAtDave(), TransferState::Failed, Timeout);
        QCOMPARE(QDir(downloads.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
    }

    // Finding 8: a former member can still sign events and send them to members, but of what
    // the fold does not apply only a few are kept, so the log that everyone holds and folds
    // cannot be grown; and a flood of syncs checks no stored signature twice.
    void aFormerMemberCannotGrowTheLogNorMakeItReverified()
    {
        const QString group = createAll();
        QVERIFY(!group.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(converged(group, {a->id(), b->id(), c->id(), d->id()}), Timeout);
        QString error;
        QVERIFY2((*a)->groups().remove(group, d->id(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(converged(group, {a->id(), b->id(), c->id()}), Timeout);
        const int before = logSize(*a, group);
        const auto state = (*d)->groups().state(group);
        QVERIFY(state && !state->steps.isEmpty());

        QList<QByteArray> spam;
        for (int i = 1; i <= 20; ++i) {
            GroupEvent rename;
            rename.op = GroupOp::Rename;
            rename.group = group;
            rename.actor = d->id();
            rename.name = QStringLiteral("Dave's now %1").arg(i);
            rename.lamport = state->steps.constLast().event.lamport + i;
            rename.ts = QDateTime::currentDateTimeUtc();
            rename.prev = {state->steps.constLast().event.id};
            const auto signedRename = signGroupEvent((*d)->identity(), rename);
            QVERIFY(signedRename);
            spam << signedRename->payload();
        }
        for (const QCborMap &m : GroupProtocol::encodeEvents(group, spam))
            (*d)->sessions().send(a->id(), m);
        const int verified = (*a)->groups().storedEventVerifications();
        for (int i = 0; i < 20; ++i) {
            (*d)->sessions().send(a->id(),
                                  GroupProtocol::encodeSync({{group, QByteArray(32, char(i))}}));
        }
        // A direct message after them on the same link: when it is stored, they were handled.
        const auto barrier =
            (*d)->messenger().sendText(a->id(), QStringLiteral("barrier"), {}, &error);
        QVERIFY2(barrier, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(has(*a, barrier->uuid), Timeout);
        // Room for a few that count for nothing (an honest race with its own removal), then no
        // more: 20 sent, MaxUnappliedPerFormerMember kept.
        QCOMPARE(logSize(*a, group), before + MaxUnappliedPerFormerMember);
        QCOMPARE((*a)->messenger().conversations().find(group)->title, QStringLiteral("Team"));
        QCOMPARE((*a)->groups().storedEventVerifications(), verified);
    }

    void nonMemberInjectionRejected()
    {
        QString error;
        const auto group =
            (*a)->groups().createGroup(QStringLiteral("Closed"), {b->id(), c->id()}, &error);
        QVERIFY(group);
        QTRY_VERIFY_WITH_TIMEOUT(logSize(*b, *group) == 1 && logSize(*c, *group) == 1, Timeout);
        // D is connected to everyone but not in the group.
        const QString msg = newUuid();
        (*d)->sessions().send(a->id(), ChatProtocol::encodeMessage({msg,
                                                                    *group,
                                                                    QDateTime::currentDateTimeUtc(),
                                                                    QStringLiteral("let me in"),
                                                                    MessageKind::Text,
                                                                    {},
                                                                    {}}));

        // A validly signed event by D adding itself: refused, D was never a member.
        GroupEvent self;
        self.op = GroupOp::Add;
        self.group = *group;
        self.actor = d->id();
        self.targets = {d->id()};
        self.lamport = 2;
        self.ts = QDateTime::currentDateTimeUtc();
        const auto own = signGroupEvent((*d)->identity(), self);
        QVERIFY(own);
        // Events claiming to be A's, relayed by member B so only the signature check stands.
        GroupEvent claim = self;
        claim.actor = a->id();
        const auto genuine = signGroupEvent((*a)->identity(), claim); // never sent as is
        QVERIFY(genuine);
        auto forgedSig = *genuine;
        forgedSig.signature = (*d)->identity().sign(genuine->body);
        auto wrongCert = *genuine;
        wrongCert.certificate = (*d)->identity().certificate().toDer();
        wrongCert.signature = forgedSig.signature;
        auto tampered = *genuine;
        tampered.body[tampered.body.size() - 1] = char(tampered.body.back() ^ 1);
        for (const auto &forged : {forgedSig, wrongCert, tampered})
            QVERIFY(!parseGroupEvent(forged.payload()));

        for (const QCborMap &m : GroupProtocol::encodeEvents(*group, {own->payload()}))
            (*d)->sessions().send(a->id(), m);
        for (const QCborMap &m : GroupProtocol::encodeEvents(
                 *group, {forgedSig.payload(), wrongCert.payload(), tampered.payload()}))
            (*b)->sessions().send(c->id(), m);

        // Something legitimate after them on the same sessions proves they were processed.
        QVERIFY((*a)->groups().rename(*group, QStringLiteral("Still closed"), &error));
        QTRY_VERIFY_WITH_TIMEOUT(logSize(*b, *group) == 2 && logSize(*c, *group) == 2, Timeout);
        const QString probe = send(*b, *group, QStringLiteral("probe"));
        QTRY_VERIFY_WITH_TIMEOUT(has(*a, probe) && has(*c, probe), Timeout);
        QCOMPARE(logSize(*a, *group), 2);
        for (TestNode *node : {a.get(), b.get(), c.get()})
            QCOMPARE(memberIds(*node, *group), sorted({a->id(), b->id(), c->id()}));
        // D's own barrier: a direct message after its group message, on the same link.
        const auto barrier =
            (*d)->messenger().sendText(a->id(), QStringLiteral("barrier"), {}, &error);
        QVERIFY2(barrier, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(has(*a, barrier->uuid), Timeout);
        QVERIFY(!has(*a, msg));
        QCOMPARE(logSize(*d, *group), 0); // D stores nothing of a group it is not in
    }
};

QTEST_GUILESS_MAIN(TestGroups)
#include "tst_groups.moc"
