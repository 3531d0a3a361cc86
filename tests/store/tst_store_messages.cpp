#include "storetestutil.h"

#include "store/conversationrepository.h"
#include "store/outbox.h"
#include "store/peerrepository.h"
#include "store/searchindex.h"

#include <QRandomGenerator>
#include <QSet>

#include <algorithm>

using namespace Tincan;
using namespace StoreTest;

class TestMessages : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<MessageStore> m_store;
    std::unique_ptr<ConversationRepository> m_conversations;

    QList<MessageRecord> wholeHistory(const QString &conversation, int pageSize)
    {
        QList<MessageRecord> all;
        std::optional<HistoryCursor> cursor;
        do {
            // Through the string form, as the bridge would hand it back.
            if (cursor)
                cursor = HistoryCursor::fromString(cursor->toString());
            const auto page = m_store->history(conversation, pageSize, cursor);
            if (!page)
                return {};
            all += page->messages;
            cursor = page->next;
        } while (cursor);
        return all;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        m_db = openDatabase(*m_tmp);
        m_store = std::make_unique<MessageStore>(*m_db, self);
        m_conversations = std::make_unique<ConversationRepository>(*m_db, self);
        QVERIFY(PeerRepository(*m_db).recordSeen(alice, QStringLiteral("Alice"), {}, {}));
        QVERIFY(PeerRepository(*m_db).setContact(alice, true));
    }

    void cleanup()
    {
        QString report;
        QVERIFY2(m_db->checkIntegrity(&report), qPrintable(report));
        m_conversations.reset();
        m_store.reset();
        m_db.reset();
        m_tmp.reset();
    }

    void newUuidsAreTimeOrdered()
    {
        QString previous;
        for (int i = 0; i < 5000; ++i) {
            const QString uuid = newUuid();
            QCOMPARE(canonicalUuid(uuid), uuid);
            QCOMPARE(uuid.at(14), QLatin1Char('7')); // the version nibble (Qt < 6.9 knows no v7)
            QVERIFY2(uuid > previous, qPrintable(uuid + QLatin1Char('<') + previous));
            previous = uuid;
        }
    }

    void receiveIsIdempotent()
    {
        const IncomingMessage message = incoming(alice, QStringLiteral("hello"));
        const ReceiveResult first = m_store->receive(message);
        QCOMPARE(first.status, ReceiveStatus::Stored);
        QVERIFY(first.committed());
        QVERIFY(first.message.seq > 0);
        QCOMPARE(first.message.conversationId, alice);

        IncomingMessage again = message;
        again.uuid = QLatin1Char('{') + message.uuid.toUpper() + QLatin1Char('}');
        const ReceiveResult second = m_store->receive(again);
        QCOMPARE(second.status, ReceiveStatus::Duplicate);
        QVERIFY(second.committed()); // acknowledged again: the first ack may have been lost
        QCOMPARE(second.message.seq, first.message.seq);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM messages")), 1);
        QCOMPARE(m_conversations->find(alice)->unread, 1);

        // A batch holding a repeat of itself and of a committed message.
        const IncomingMessage fresh = incoming(alice, QStringLiteral("fresh"));
        const auto batch = m_store->receiveBatch({fresh, message, fresh});
        QVERIFY(batch);
        QCOMPARE(batch->at(0).status, ReceiveStatus::Stored);
        QCOMPARE(batch->at(1).status, ReceiveStatus::Duplicate);
        QCOMPARE(batch->at(2).status, ReceiveStatus::Duplicate);
        QCOMPARE(m_conversations->find(alice)->unread, 2);
    }

    void foreignUuidIsAConflict()
    {
        const IncomingMessage original = incoming(alice, QStringLiteral("mine"));
        QCOMPARE(m_store->receive(original).status, ReceiveStatus::Stored);
        const ReceiveResult stolen =
            m_store->receive(incoming(bob, QStringLiteral("not mine"), {}, original.uuid));
        QCOMPARE(stolen.status, ReceiveStatus::Conflict);
        QVERIFY(!stolen.committed());
        QCOMPARE(m_store->find(original.uuid)->body, QStringLiteral("mine"));
    }

    void invalidOrUnwantedMessagesAreRejected()
    {
        QCOMPARE(m_store->receive(incoming(alice, QStringLiteral("x"), {}, QStringLiteral("nope")))
                     .status,
                 ReceiveStatus::Rejected);
        QCOMPARE(m_store->receive(incoming(QStringLiteral("bad"), QStringLiteral("x"))).status,
                 ReceiveStatus::Rejected);
        QCOMPARE(m_store->receive(incoming(self, QStringLiteral("x"))).status,
                 ReceiveStatus::Rejected);
        // Bob cannot write into the conversation with Alice, nor into an unknown group.
        IncomingMessage hijack = incoming(bob, QStringLiteral("x"));
        hijack.conversationId = alice;
        QCOMPARE(m_store->receive(hijack).status, ReceiveStatus::Rejected);
        hijack.conversationId = newUuid();
        QCOMPARE(m_store->receive(hijack).status, ReceiveStatus::Rejected);

        QVERIFY(PeerRepository(*m_db).setTrust(bob, Trust::Blocked) == false); // unknown yet
        QVERIFY(PeerRepository(*m_db).recordSeen(bob, {}, {}, {}));
        QVERIFY(PeerRepository(*m_db).setTrust(bob, Trust::Blocked));
        QCOMPARE(m_store->receive(incoming(bob, QStringLiteral("spam"))).status,
                 ReceiveStatus::Rejected);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM messages")), 0);
    }

    void equalTimestampsHaveAStableOrder()
    {
        const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(-60);
        QStringList uuids;
        for (int i = 0; i < 20; ++i)
            uuids << newUuid();
        QStringList shuffled = uuids;
        std::shuffle(shuffled.begin(), shuffled.end(), *QRandomGenerator::global());
        for (const QString &uuid : std::as_const(shuffled))
            QCOMPARE(m_store->receive(incoming(alice, uuid, at, uuid)).status,
                     ReceiveStatus::Stored);
        std::sort(uuids.begin(), uuids.end(), std::greater<>());
        const auto history = wholeHistory(alice, 7);
        QStringList order;
        for (const MessageRecord &m : history)
            order << m.uuid;
        QCOMPARE(order, uuids); // newest first: same time, so descending uuid
    }

    void farFutureTimestampIsClamped()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        IncomingMessage future =
            incoming(alice, QStringLiteral("from the future"), now.addDays(365));
        future.receivedAt = now;
        const ReceiveResult stored = m_store->receive(future);
        QCOMPARE(stored.message.sentAt, now.addMSecs(MessageStore::maxFutureSkewMs));
        QCOMPARE(m_store->find(future.uuid)->sentAt, stored.message.sentAt);

        // Within the tolerated skew the sender's time stands.
        IncomingMessage skewed = incoming(alice, QStringLiteral("a bit ahead"), now.addSecs(30));
        skewed.receivedAt = now;
        QCOMPARE(m_store->receive(skewed).message.sentAt, now.addSecs(30));

        // A reply written two minutes later sorts after both.
        IncomingMessage later = incoming(alice, QStringLiteral("later"), now.addSecs(120));
        later.receivedAt = now.addSecs(120);
        QCOMPARE(m_store->receive(later).status, ReceiveStatus::Stored);
        const auto page = m_store->history(alice, 10);
        QCOMPARE(page->messages.size(), 3);
        QCOMPARE(page->messages.at(0).body, QStringLiteral("later"));
        QCOMPARE(page->messages.at(1).body, QStringLiteral("from the future"));
        QCOMPARE(page->messages.at(2).body, QStringLiteral("a bit ahead"));
    }

    void paginationWalksEveryMessageOnce()
    {
        const QDateTime base = QDateTime::currentDateTimeUtc().addDays(-1);
        QList<IncomingMessage> batch;
        for (int i = 0; i < 237; ++i) // many share a timestamp: the tie-breaker matters
            batch << incoming(alice, QString::number(i), base.addSecs(i / 10));
        QVERIFY(m_store->receiveBatch(batch));
        for (const int pageSize : {1, 10, 20, 50, 236, 237, 500}) {
            const QList<MessageRecord> all = wholeHistory(alice, pageSize);
            QCOMPARE(all.size(), 237);
            QSet<QString> seen;
            for (int i = 0; i < all.size(); ++i) {
                seen.insert(all.at(i).uuid);
                if (i > 0) {
                    const auto previous = std::make_pair(all.at(i - 1).sentAt, all.at(i - 1).uuid);
                    QVERIFY(std::make_pair(all.at(i).sentAt, all.at(i).uuid) < previous);
                }
            }
            QCOMPARE(seen.size(), 237);
        }
        QVERIFY(!HistoryCursor::fromString(QStringLiteral("garbage")));
        QVERIFY(m_store->history(bob, 10)->messages.isEmpty());
    }

    void editAndDeleteOnlyBySender()
    {
        const IncomingMessage message = incoming(alice, QStringLiteral("typo"));
        m_store->receive(message);
        const QDateTime t1 = QDateTime::currentDateTimeUtc();
        QCOMPARE(m_store->edit(message.uuid, bob, QStringLiteral("hacked"), t1),
                 ChangeResult::Forbidden);
        QCOMPARE(m_store->edit(message.uuid, self, QStringLiteral("hacked"), t1),
                 ChangeResult::Forbidden);
        QCOMPARE(m_store->edit(newUuid(), alice, QStringLiteral("x"), t1), ChangeResult::NotFound);
        QCOMPARE(m_store->edit(message.uuid, alice, QStringLiteral("fixed"), t1),
                 ChangeResult::Applied);
        // Repeated, or overtaken by a newer edit: no change.
        QCOMPARE(m_store->edit(message.uuid, alice, QStringLiteral("fixed"), t1),
                 ChangeResult::Unchanged);
        QCOMPARE(m_store->edit(message.uuid, alice, QStringLiteral("older"), t1.addSecs(-5)),
                 ChangeResult::Unchanged);
        auto stored = m_store->find(message.uuid);
        QCOMPARE(stored->body, QStringLiteral("fixed"));
        QCOMPARE(stored->editedAt.toMSecsSinceEpoch(), t1.toMSecsSinceEpoch());

        QCOMPARE(m_store->remove(message.uuid, bob), ChangeResult::Forbidden);
        QCOMPARE(m_conversations->find(alice)->unread, 1);
        QCOMPARE(m_store->remove(message.uuid, alice), ChangeResult::Applied);
        QCOMPARE(m_store->remove(message.uuid, alice), ChangeResult::Unchanged);
        QCOMPARE(m_store->edit(message.uuid, alice, QStringLiteral("back"), t1.addSecs(9)),
                 ChangeResult::Deleted);
        stored = m_store->find(message.uuid);
        QVERIFY(stored->deleted);
        QVERIFY(stored->body.isEmpty());
        QCOMPARE(m_conversations->find(alice)->unread, 0); // a deleted message is not unread
    }

    void ownEditsAndDeletesAreQueued()
    {
        const auto sent = m_store->send(outgoing(alice, QStringLiteral("draft")));
        QVERIFY(sent);
        QCOMPARE(m_store->edit(sent->uuid, alice, QStringLiteral("x")), ChangeResult::Forbidden);
        QCOMPARE(m_store->edit(sent->uuid, self, QStringLiteral("final")), ChangeResult::Applied);
        Outbox outbox(*m_db);
        auto pending = outbox.pendingFor(alice);
        QCOMPARE(pending->size(), 2);
        QCOMPARE(pending->at(0).kind, OutboxKind::Message);
        QCOMPARE(pending->at(1).kind, OutboxKind::Edit);
        QCOMPARE(pending->at(1).message.body, QStringLiteral("final"));

        QCOMPARE(m_store->remove(sent->uuid, self), ChangeResult::Applied);
        pending = outbox.pendingFor(alice);
        QCOMPARE(pending->size(), 2); // the edit is obsolete, the deletion goes out
        QCOMPARE(pending->at(0).kind, OutboxKind::Message);
        QCOMPARE(pending->at(1).kind, OutboxKind::Delete);
        QVERIFY(pending->at(1).message.deleted);
    }

    void messageRequests()
    {
        // Bob is not a contact: his first message opens a pending request.
        const ReceiveResult first = m_store->receive(incoming(bob, QStringLiteral("hi, it's Bob")));
        QVERIFY(first.isRequest);
        QCOMPARE(m_conversations->find(bob)->requestState, RequestState::Pending);
        QCOMPARE(m_conversations->list(ConversationFilter::Requests)->size(), 1);
        QCOMPARE(m_conversations->list(ConversationFilter::Inbox)->size(), 0);
        QVERIFY(m_conversations->accept(bob));
        QCOMPARE(m_conversations->list(ConversationFilter::Inbox)->size(), 1);
        QVERIFY(PeerRepository(*m_db).find(bob)->isContact);
        QVERIFY(!m_store->receive(incoming(bob, QStringLiteral("thanks"))).isRequest);

        // Carol is ignored: her messages are kept but stay out of the inbox.
        QVERIFY(m_store->receive(incoming(carol, QStringLiteral("buy now"))).isRequest);
        QVERIFY(m_conversations->ignore(carol));
        QCOMPARE(m_store->receive(incoming(carol, QStringLiteral("again"))).status,
                 ReceiveStatus::Stored);
        QCOMPARE(m_conversations->find(carol)->requestState, RequestState::Ignored);
        QCOMPARE(m_conversations->list(ConversationFilter::Ignored)->size(), 1);
        QCOMPARE(m_conversations->list(ConversationFilter::All)->size(), 2);

        // Contacts, and everyone with "accept everyone", skip the request.
        QVERIFY(!m_store->receive(incoming(alice, QStringLiteral("hi"))).isRequest);
        m_store->setAcceptEveryone(true);
        const QString dave = peer('d');
        QVERIFY(!m_store->receive(incoming(dave, QStringLiteral("hi"))).isRequest);
        QCOMPARE(m_conversations->find(dave)->requestState, RequestState::Accepted);
    }

    void unreadCountsAndMarkRead()
    {
        for (int i = 0; i < 3; ++i)
            m_store->receive(incoming(alice, QStringLiteral("unread %1").arg(i)));
        m_store->send(outgoing(alice, QStringLiteral("my own")));
        QCOMPARE(m_conversations->find(alice)->unread, 3);
        QCOMPARE(m_conversations->totalUnread(), 3);
        const auto read = m_conversations->markRead(alice, true);
        QVERIFY(read);
        QCOMPARE(read->size(), 3);
        QCOMPARE(read->first().state, MessageState::Read);
        QCOMPARE(m_conversations->find(alice)->unread, 0);
        QCOMPARE(m_store->find(read->first().uuid)->state, MessageState::Read);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 3")), 3);
        QCOMPARE(m_conversations->markRead(alice, true)->size(), 0);
        m_store->receive(incoming(alice, QStringLiteral("one more")));
        QCOMPARE(m_conversations->markRead(alice, false)->size(), 1);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 3")), 3);
    }

    void listIsSortedWithPreview()
    {
        // Activity is the local time a message arrived (or was sent).
        const QDateTime now = QDateTime::currentDateTimeUtc();
        IncomingMessage first = incoming(alice, QStringLiteral("first"), now);
        first.receivedAt = now.addSecs(10);
        m_store->receive(first);
        IncomingMessage fromBob = incoming(bob, QStringLiteral("line one\nline two"), now);
        fromBob.receivedAt = now.addSecs(20);
        m_store->receive(fromBob);
        m_conversations->accept(bob);
        auto list = m_conversations->list();
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).conversation.id, bob);
        QCOMPARE(list->at(0).preview, QStringLiteral("line one"));
        QCOMPARE(list->at(0).conversation.unread, 1);
        QCOMPARE(list->at(1).displayName, QStringLiteral("Alice"));

        IncomingMessage longOne = incoming(alice, QString(300, QLatin1Char('x')), now.addSecs(1));
        longOne.receivedAt = now.addSecs(30);
        m_store->receive(longOne);
        m_store->send(outgoing(bob, QStringLiteral("reply")));
        list = m_conversations->list();
        QCOMPARE(list->at(0).conversation.id, alice);
        QCOMPARE(list->at(0).preview.size(), ConversationRepository::previewLength);
        QCOMPARE(list->at(1).conversation.id, bob);
        QVERIFY(list->at(1).lastMessage->outgoing);
        QCOMPARE(list->at(1).preview, QStringLiteral("reply"));
    }

    void retentionKeepsUndelivered()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_store->receive(incoming(alice, QStringLiteral("ancient"), now.addDays(-40)));
        m_store->receive(incoming(alice, QStringLiteral("recent"), now.addDays(-2)));
        OutgoingMessage stuck = outgoing(alice, QStringLiteral("never delivered"));
        stuck.sentAt = now.addDays(-40);
        const auto queued = m_store->send(stuck);
        QCOMPARE(m_store->applyRetention(0), 0); // 0: keep forever
        QCOMPARE(m_store->applyRetention(30, now), 1);
        QStringList bodies;
        const auto page = m_store->history(alice, 50);
        for (const MessageRecord &m : page->messages)
            bodies << m.body;
        QCOMPARE(bodies,
                 (QStringList{QStringLiteral("recent"), QStringLiteral("never delivered")}));
        QCOMPARE(m_conversations->find(alice)->unread, 1);
        QCOMPARE(Outbox(*m_db).pendingCount(alice), 1);
    }

    void clearRemovesHistory()
    {
        m_store->receive(incoming(alice, QStringLiteral("one")));
        m_store->send(outgoing(alice, QStringLiteral("two")));
        QVERIFY(SearchIndex(*m_db).catchUp()); // so that the clear has words to take out
        QVERIFY(m_conversations->clear(alice));
        QVERIFY(m_store->history(alice, 10)->messages.isEmpty());
        QCOMPARE(m_conversations->find(alice)->unread, 0);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM outbox")), 0);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM receipts")), 0);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM messages_fts "
                                             "WHERE messages_fts MATCH 'one OR two'")),
                 0);
    }
};

QTEST_GUILESS_MAIN(TestMessages)
#include "tst_store_messages.moc"
