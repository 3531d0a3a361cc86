// Schema 8 (#17): the upgrade that made room for Deposited, the outbox's deposit marks, and
// the tables of a mailbox.
#include "storetestutil.h"

#include "mailbox/mailboxstore.h"
#include "store/outbox.h"
#include "store/sqlsupport.h"

using namespace Tincan;
using namespace StoreTest;

namespace {

bool exec(const Database &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (query.exec())
        return true;
    qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    return false;
}

qint64 stateOf(const Database &db, const QString &uuid)
{
    return Sql::scalar(db.connection(), QStringLiteral("SELECT state FROM messages WHERE uuid = ?"),
                       {uuid})
        .toLongLong();
}

QString insertMessage(const Database &db, bool outgoing, int state, const QString &body)
{
    const QString uuid = newUuid();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    exec(db,
         QStringLiteral("INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, "
                        "sender_ts, received_at, body, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
         {uuid, alice, outgoing ? self : alice, outgoing ? 1 : 0, now, now, body, state});
    return uuid;
}

} // namespace

class TestStoreMailbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Version 7 numbered Delivered 2 and Read 3. The upgrade moves them up by one, keeps the
    // outbox (a rebuilt messages table must not cascade into it) and never reuses a seq.
    void upgradesVersion7States()
    {
        QTemporaryDir tmp;
        QString delivered, read, sent, gone;
        {
            const auto db = openDatabase(tmp, 7);
            QVERIFY(exec(*db, QStringLiteral("INSERT INTO peers (id) VALUES (?)"), {alice}));
            QVERIFY(exec(*db,
                         QStringLiteral("INSERT INTO conversations (id, kind, peer_id, created_at, "
                                        "last_activity) VALUES (?, 0, ?, 0, 0)"),
                         {alice, alice}));
            delivered = insertMessage(*db, true, 2, QStringLiteral("delivered in version seven"));
            read = insertMessage(*db, false, 3, QStringLiteral("read in version seven"));
            sent = insertMessage(*db, true, 1, QStringLiteral("still on its way"));
            gone = insertMessage(*db, true, 1, QStringLiteral("deleted before the upgrade"));
            QVERIFY(exec(*db,
                         QStringLiteral("INSERT INTO receipts (message_uuid, peer_id, state, at) "
                                        "VALUES (?, ?, 2, 0), (?, ?, 1, 0)"),
                         {delivered, alice, sent, alice}));
            QVERIFY(exec(*db,
                         QStringLiteral("INSERT INTO outbox (message_uuid, recipient_id, kind, "
                                        "created_at, next_attempt_at) VALUES (?, ?, 0, 0, 0)"),
                         {sent, alice}));
            QVERIFY(exec(*db, QStringLiteral("DELETE FROM messages WHERE uuid = ?"), {gone}));
        }
        const auto db = openDatabase(tmp);
        QCOMPARE(db->schemaVersion(), Database::latestVersion);
        QCOMPARE(stateOf(*db, delivered), qint64(MessageState::Delivered));
        QCOMPARE(stateOf(*db, read), qint64(MessageState::Read));
        QCOMPARE(stateOf(*db, sent), qint64(MessageState::Sent));
        QCOMPARE(count(*db, QStringLiteral("SELECT state FROM receipts WHERE peer_id = '") + alice +
                                QStringLiteral("' ORDER BY state DESC LIMIT 1")),
                 qint64(MessageState::Delivered));
        Outbox outbox(*db);
        QCOMPARE(outbox.pendingCount(alice), 1);
        QCOMPARE(count(*db, QStringLiteral("PRAGMA foreign_keys")), 1);
        // seq 4 belonged to the deleted message: the next one gets 5.
        const QString next = insertMessage(*db, true, 0, QStringLiteral("after the upgrade"));
        QCOMPARE(count(*db, QStringLiteral("SELECT seq FROM messages WHERE uuid = '") + next +
                                QStringLiteral("'")),
                 5);
        // The incoming message stays read: it counts in no unread total.
        QCOMPARE(count(*db, QStringLiteral("SELECT count(*) FROM messages INDEXED BY "
                                           "messages_unread WHERE outgoing = 0 AND state < 4")),
                 0);
        QString report;
        QVERIFY2(db->checkIntegrity(&report), qPrintable(report));
    }

    // Sent → Deposited → Delivered; a mailbox's refusal is kept as the reason it waits.
    void depositMarksMoveTheStateForward()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        MessageStore store(*db, self);
        Outbox outbox(*db);
        const auto first = store.send(outgoing(alice, QStringLiteral("one")));
        const auto second = store.send(outgoing(alice, QStringLiteral("two")));
        QVERIFY(first && second);
        QCOMPARE(outbox.peersWithUndeposited(), QStringList{alice});
        const auto entries = outbox.undeposited(alice);
        QVERIFY(entries && entries->size() == 2);

        const auto changes = outbox.markDeposited({entries->at(0).id});
        QVERIFY(changes && changes->size() == 1);
        QCOMPARE(changes->at(0).state, MessageState::Deposited);
        QCOMPARE(store.find(first->uuid)->state, MessageState::Deposited);
        QCOMPARE(outbox.undeposited(alice)->size(), 1);
        QCOMPARE(outbox.pendingFor(alice)->size(), 2); // still goes directly too

        QVERIFY(outbox.markHeld({entries->at(1).id}, QStringLiteral("the mailbox M is full")));
        QCOMPARE(outbox.heldReason(second->uuid), QStringLiteral("the mailbox M is full"));
        const auto summary = outbox.depositSummary();
        QVERIFY(summary && summary->size() == 1);
        QCOMPARE(summary->at(0).waiting, 2);
        QCOMPARE(summary->at(0).deposited, 1);
        QCOMPARE(summary->at(0).heldReason, QStringLiteral("the mailbox M is full"));

        QVERIFY(outbox.acknowledge(alice, {{first->uuid, OutboxKind::Message}}));
        QCOMPARE(store.find(first->uuid)->state, MessageState::Delivered);
        // A late "stored" from a mailbox never moves a delivered message back.
        QVERIFY(outbox.markDeposited({entries->at(0).id}));
        QCOMPARE(store.find(first->uuid)->state, MessageState::Delivered);
    }

    // Schema 8 moved the numbers: what the store writes by itself must move with them.
    void incomingIsDeliveredAndCountsAsUnread()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        MessageStore store(*db, self);
        store.setAcceptEveryone(true);
        const ReceiveResult result = store.receive(incoming(alice, QStringLiteral("hi")));
        QCOMPARE(result.status, ReceiveStatus::Stored);
        QCOMPARE(store.find(result.message.uuid)->state, MessageState::Delivered);
        QCOMPARE(count(*db, QStringLiteral("SELECT unread FROM conversations")), 1);
        QCOMPARE(messageStateName(MessageState::Deposited), QStringLiteral("deposited"));
        QCOMPARE(messageStateName(MessageState::Read), QStringLiteral("read"));
    }

    void mailboxKeepsQuotaAndSlots()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        MailboxStore mailbox(*db);
        QVERIFY(mailbox.addOwner(bob));
        const QByteArray slot = MailboxProtocol::slotOf(bob);
        const QDateTime expires = QDateTime::currentDateTimeUtc().addDays(1);
        const auto deposit = [&](char fill) {
            return mailbox.deposit({bob, slot, alice, QByteArray(400, fill), expires}, 1000);
        };
        QCOMPARE(deposit('x'), MailboxStore::DepositResult::Stored);
        QCOMPARE(deposit('x'), MailboxStore::DepositResult::Duplicate); // a replay: stored once
        QCOMPARE(deposit('y'), MailboxStore::DepositResult::Stored);
        QCOMPARE(deposit('z'), MailboxStore::DepositResult::Full);
        QCOMPARE(mailbox.countFor(slot), 2);
        const auto usage = mailbox.usage();
        QVERIFY(usage && usage->size() == 1);
        QCOMPARE(usage->at(0).bytes, 800);

        bool more = true;
        const auto held = mailbox.heldFor(slot, &more);
        QVERIFY(held && held->size() == 2 && !more);
        QCOMPARE(held->at(0).envelope, QByteArray(400, 'x')); // oldest first
        // Another slot's delete removes nothing of bob's.
        QCOMPARE(mailbox.remove(MailboxProtocol::slotOf(carol), {held->at(0).id}), 0);
        QCOMPARE(mailbox.remove(slot, {held->at(0).id}), 1);
        QCOMPARE(mailbox.countFor(slot), 1);
        QCOMPARE(mailbox.expire(expires.addSecs(1)), 1);
        QCOMPARE(mailbox.countFor(slot), 0);
    }
};

QTEST_GUILESS_MAIN(TestStoreMailbox)
#include "tst_store_mailbox.moc"
