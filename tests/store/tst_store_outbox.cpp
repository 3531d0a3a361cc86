#include "storetestutil.h"

#include "store/conversationrepository.h"
#include "store/outbox.h"

using namespace Tincan;
using namespace StoreTest;

class TestOutbox : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<MessageStore> m_store;
    std::unique_ptr<Outbox> m_outbox;

    MessageState stateOf(const QString &uuid) { return m_store->find(uuid)->state; }

    void reopen()
    {
        m_outbox.reset();
        m_store.reset();
        m_db = openDatabase(*m_tmp);
        m_store = std::make_unique<MessageStore>(*m_db, self);
        m_outbox = std::make_unique<Outbox>(*m_db);
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        reopen();
    }

    void cleanup()
    {
        QString report;
        QVERIFY2(m_db->checkIntegrity(&report), qPrintable(report));
        m_outbox.reset();
        m_store.reset();
        m_db.reset();
        m_tmp.reset();
    }

    void sendQueuesMessageOutboxAndReceiptTogether()
    {
        const auto sent = m_store->send(outgoing(alice, QStringLiteral("hi")));
        QVERIFY(sent);
        QCOMPARE(sent->state, MessageState::Queued);
        QVERIFY(sent->outgoing);
        QCOMPARE(sent->senderId, self);
        QCOMPARE(m_outbox->pendingCount(alice), 1);
        QCOMPARE(m_outbox->receipts(sent->uuid)->size(), 1);
        QCOMPARE(*m_outbox->peersWithPending(), QStringList{alice});

        // A failing batch leaves nothing behind: not the good message before the bad one.
        OutgoingMessage clash = outgoing(alice, QStringLiteral("same uuid"));
        clash.uuid = sent->uuid;
        QVERIFY(!m_store->sendBatch({outgoing(alice, QStringLiteral("good")), clash}));
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM messages")), 1);
        QCOMPARE(m_outbox->pendingCount(), 1);
        QVERIFY(!m_store->send(outgoing(QStringLiteral("no-such-group"), QStringLiteral("x"))));
        QVERIFY(!m_store->send(outgoing(self, QStringLiteral("to myself"))));
    }

    void pendingSurvivesRestartInOrder()
    {
        QList<OutgoingMessage> batch;
        for (int i = 0; i < 5; ++i)
            batch << outgoing(alice, QStringLiteral("m%1").arg(i));
        batch << outgoing(bob, QStringLiteral("for bob"));
        const auto sent = m_store->sendBatch(batch);
        QVERIFY(sent);
        reopen();
        const auto pending = m_outbox->pendingFor(alice);
        QVERIFY(pending);
        QCOMPARE(pending->size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(pending->at(i).messageUuid, sent->at(i).uuid);
            QCOMPARE(pending->at(i).message.body, QStringLiteral("m%1").arg(i));
            QCOMPARE(pending->at(i).kind, OutboxKind::Message);
            QCOMPARE(pending->at(i).attempts, 0);
        }
        QCOMPARE(m_outbox->pendingFor(alice, 2)->size(), 2);
        QCOMPARE(m_outbox->pendingFor(bob)->size(), 1);
    }

    void lifecycleQueuedSentDeliveredRead()
    {
        const auto sent = m_store->send(outgoing(alice, QStringLiteral("hi")));
        const auto entry = m_outbox->pendingFor(alice)->first();
        const QDateTime retryAt = QDateTime::currentDateTimeUtc().addSecs(30);
        auto changes = m_outbox->markAttempted({entry.id}, retryAt);
        QCOMPARE(changes->size(), 1);
        QCOMPARE(changes->first().state, MessageState::Sent);
        QCOMPARE(stateOf(sent->uuid), MessageState::Sent);
        // Not due again before the retry time, still pending for a new session.
        QCOMPARE(m_outbox->dueFor(alice, QDateTime::currentDateTimeUtc())->size(), 0);
        QCOMPARE(m_outbox->dueFor(alice, retryAt)->size(), 1);
        QCOMPARE(m_outbox->pendingFor(alice)->first().attempts, 1);

        changes = m_outbox->acknowledge(alice, {{sent->uuid, OutboxKind::Message}});
        QCOMPARE(changes->size(), 1);
        QCOMPARE(changes->first().state, MessageState::Delivered);
        QCOMPARE(m_outbox->pendingCount(alice), 0);
        // A repeated ack changes nothing.
        QCOMPARE(m_outbox->acknowledge(alice, {{sent->uuid, OutboxKind::Message}})->size(), 0);

        changes = m_outbox->markRead(alice, {sent->uuid});
        QCOMPARE(changes->first().state, MessageState::Read);
        QCOMPARE(m_outbox->receipts(sent->uuid)->first().state, MessageState::Read);
    }

    void stateOnlyMovesForward()
    {
        const auto sent = m_store->send(outgoing(alice, QStringLiteral("hi")));
        const qint64 entryId = m_outbox->pendingFor(alice)->first().id;
        // Read arrives first (the delivery ack got lost): it implies delivered.
        QCOMPARE(m_outbox->markRead(alice, {sent->uuid})->size(), 1);
        QCOMPARE(stateOf(sent->uuid), MessageState::Read);
        QCOMPARE(m_outbox->pendingCount(alice), 0);
        QCOMPARE(m_outbox->acknowledge(alice, {{sent->uuid, OutboxKind::Message}})->size(), 0);
        QCOMPARE(m_outbox->markAttempted({entryId}, {})->size(), 0);
        QCOMPARE(m_outbox->markFailed(alice, {sent->uuid})->size(), 0);
        QCOMPARE(stateOf(sent->uuid), MessageState::Read);

        // An ack from someone who is not a recipient changes nothing.
        const auto other = m_store->send(outgoing(alice, QStringLiteral("second")));
        QCOMPARE(m_outbox->acknowledge(bob, {{other->uuid, OutboxKind::Message}})->size(), 0);
        QCOMPARE(stateOf(other->uuid), MessageState::Queued);
    }

    void failedAndRetried()
    {
        const auto sent = m_store->send(outgoing(alice, QStringLiteral("hi")));
        auto changes = m_outbox->markFailed(alice, {sent->uuid});
        QCOMPARE(changes->first().state, MessageState::Failed);
        QCOMPARE(m_outbox->pendingCount(alice), 0);
        changes = m_outbox->retry(sent->uuid);
        QCOMPARE(changes->first().state, MessageState::Queued);
        QCOMPARE(m_outbox->pendingCount(alice), 1);
        // A late ack for a failed message is the truth: forward to Delivered.
        m_outbox->markFailed(alice, {sent->uuid});
        changes = m_outbox->acknowledge(alice, {{sent->uuid, OutboxKind::Message}});
        QCOMPARE(changes->first().state, MessageState::Delivered);
    }

    void groupFanOutSummarisesRecipients()
    {
        ConversationRepository conversations(*m_db, self);
        const auto group = conversations.createGroup(QStringLiteral("team"), {alice, bob, carol});
        QVERIFY(group);
        QCOMPARE(conversations.members(group->id)->size(), 4);
        const auto sent = m_store->send(outgoing(group->id, QStringLiteral("hello team")));
        QVERIFY(sent);
        QCOMPARE(m_outbox->pendingCount(), 3);
        QCOMPARE(m_outbox->receipts(sent->uuid)->size(), 3);

        m_outbox->acknowledge(alice, {{sent->uuid, OutboxKind::Message}});
        m_outbox->acknowledge(bob, {{sent->uuid, OutboxKind::Message}});
        QCOMPARE(stateOf(sent->uuid), MessageState::Queued); // carol has not got it
        int delivered = 0;
        const auto receipts = m_outbox->receipts(sent->uuid);
        for (const Receipt &receipt : *receipts)
            delivered += receipt.state >= MessageState::Delivered ? 1 : 0;
        QCOMPARE(delivered, 2); // "delivered to 2 of 3"
        const auto changes = m_outbox->acknowledge(carol, {{sent->uuid, OutboxKind::Message}});
        QCOMPARE(changes->first().state, MessageState::Delivered);

        // A member's message arrives into the group; a non-member's is refused.
        IncomingMessage fromBob = incoming(bob, QStringLiteral("hi all"));
        fromBob.conversationId = group->id;
        QCOMPARE(m_store->receive(fromBob).status, ReceiveStatus::Stored);
        QCOMPARE(conversations.find(group->id)->unread, 1);
        IncomingMessage intruder = incoming(peer('d'), QStringLiteral("let me in"));
        intruder.conversationId = group->id;
        QCOMPARE(m_store->receive(intruder).status, ReceiveStatus::Rejected);
        QVERIFY(conversations.removeMember(group->id, bob));
        fromBob.uuid = newUuid();
        QCOMPARE(m_store->receive(fromBob).status, ReceiveStatus::Rejected);
    }

    void readReceiptsAndEventsAreQueuedAndAcknowledged()
    {
        const IncomingMessage message = incoming(alice, QStringLiteral("read me"));
        m_store->receive(message);
        ConversationRepository(*m_db, self).markRead(alice, true);
        auto pending = m_outbox->pendingFor(alice);
        QCOMPARE(pending->size(), 1);
        QCOMPARE(pending->first().kind, OutboxKind::ReadReceipt);
        QCOMPARE(pending->first().messageUuid, message.uuid);
        m_outbox->acknowledge(alice, {{message.uuid, OutboxKind::ReadReceipt}});
        QCOMPARE(m_outbox->pendingCount(), 0);

        QVERIFY(m_outbox->enqueue(message.uuid, alice, OutboxKind::Edit, "v1"));
        QVERIFY(m_outbox->enqueue(message.uuid, alice, OutboxKind::Edit, "v2"));
        pending = m_outbox->pendingFor(alice);
        QCOMPARE(pending->size(), 1);
        QCOMPARE(pending->first().payload, QByteArray("v2"));
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_store_outbox.moc"
