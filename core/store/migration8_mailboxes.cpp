// Schema migration 8: mailboxes (#17, docs/protocol.md "Mailboxes").
//
// A message that a mailbox took for an offline recipient is Deposited, a state between Sent and
// Delivered. States only move to a larger value, so Deposited needs a number between them:
// Delivered and Read move up by one, and the CHECKs of messages and receipts allow 4. SQLite
// cannot change a CHECK in place, so both tables are rebuilt (the documented twelve steps, with
// foreign keys off around the transaction: dropping messages would otherwise cascade into the
// outbox). The full-text index refers to messages by name and rowid (seq), both kept; seq stays
// AUTOINCREMENT and its counter is carried over, so a seq is never reused.
//
// Then the tables of the mailbox itself: the records contacts published (their envelope key and
// their mailbox), the devices this node holds envelopes for, and the envelopes.
#include "migrations.h"

namespace Tincan {

Migration mailboxesMigration()
{
    Migration migration{
        8,
        QStringLiteral("mailboxes and the deposited state"),
        {QStringLiteral(R"(
CREATE TABLE messages_v8 (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid            TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    sender_id       TEXT NOT NULL,
    outgoing        INTEGER NOT NULL CHECK (outgoing IN (0, 1)),
    sender_ts       INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    kind            INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1, 2)),
    state           INTEGER NOT NULL CHECK (state BETWEEN -1 AND 4),
    edited_at       INTEGER,
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    reply_to        TEXT
))"),
         QStringLiteral(R"(
INSERT INTO messages_v8 (seq, uuid, conversation_id, sender_id, outgoing, sender_ts, received_at,
                         body, kind, state, edited_at, deleted, reply_to)
SELECT seq, uuid, conversation_id, sender_id, outgoing, sender_ts, received_at, body, kind,
       CASE WHEN state >= 2 THEN state + 1 ELSE state END, edited_at, deleted, reply_to
FROM messages)"),
         QStringLiteral(R"(
CREATE TABLE receipts_v8 (
    message_uuid TEXT NOT NULL REFERENCES messages(uuid) ON DELETE CASCADE,
    peer_id      TEXT NOT NULL,
    state        INTEGER NOT NULL CHECK (state BETWEEN -1 AND 4),
    at           INTEGER NOT NULL,
    PRIMARY KEY (message_uuid, peer_id)
) WITHOUT ROWID)"),
         QStringLiteral(R"(
INSERT INTO receipts_v8 (message_uuid, peer_id, state, at)
SELECT message_uuid, peer_id, CASE WHEN state >= 2 THEN state + 1 ELSE state END, at
FROM receipts)"),
         // The counter of AUTOINCREMENT, before its row goes with the table.
         QStringLiteral("CREATE TEMP TABLE seq_v8 AS "
                        "SELECT seq FROM sqlite_sequence WHERE name = 'messages'"),
         QStringLiteral("DROP TABLE receipts"), QStringLiteral("DROP TABLE messages"),
         QStringLiteral("ALTER TABLE messages_v8 RENAME TO messages"),
         QStringLiteral("ALTER TABLE receipts_v8 RENAME TO receipts"),
         QStringLiteral("DELETE FROM sqlite_sequence WHERE name = 'messages'"),
         QStringLiteral("INSERT INTO sqlite_sequence (name, seq) SELECT 'messages', "
                        "max(coalesce((SELECT max(seq) FROM seq_v8), 0), "
                        "coalesce((SELECT max(seq) FROM messages), 0))"),
         QStringLiteral("DROP TABLE seq_v8"),
         QStringLiteral("CREATE INDEX messages_history "
                        "ON messages(conversation_id, sender_ts, uuid)"),
         // Unread incoming messages: below Read, which is 4 from now on.
         QStringLiteral("CREATE INDEX messages_unread ON messages(conversation_id) "
                        "WHERE outgoing = 0 AND state < 4"),
         // Migration 7's triggers, gone with the table.
         QStringLiteral(R"(
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.kind != 1 AND old.seq <= (SELECT indexed_seq FROM search_index) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
END)"),
         QStringLiteral(R"(
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
WHEN old.kind != 1 AND old.seq <= (SELECT indexed_seq FROM search_index) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.seq, new.body);
END)"),
         // An outbox entry a mailbox holds (deposited_at), or why the last deposit was refused.
         QStringLiteral("ALTER TABLE outbox ADD COLUMN deposited_at INTEGER"),
         QStringLiteral("ALTER TABLE outbox ADD COLUMN held_reason TEXT"),
         // What each peer last published: the key to seal envelopes to, and its mailbox.
         QStringLiteral(R"(
CREATE TABLE peer_mailboxes (
    peer_id      TEXT PRIMARY KEY NOT NULL,
    envelope_key BLOB NOT NULL,
    mailbox_id   TEXT NOT NULL DEFAULT '',
    issued_at    INTEGER NOT NULL,
    record       BLOB NOT NULL
) WITHOUT ROWID)"),
         // On a mailbox: the devices that chose it, and what it holds.
         QStringLiteral(R"(
CREATE TABLE mailbox_owners (
    owner_id TEXT PRIMARY KEY NOT NULL,
    since    INTEGER NOT NULL
) WITHOUT ROWID)"),
         QStringLiteral(R"(
CREATE TABLE mailbox_envelopes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id     TEXT NOT NULL,
    slot         BLOB NOT NULL,
    depositor_id TEXT NOT NULL,
    digest       BLOB NOT NULL UNIQUE,
    envelope     BLOB NOT NULL,
    size         INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    received_at  INTEGER NOT NULL
))"),
         QStringLiteral("CREATE INDEX mailbox_envelopes_by_slot ON mailbox_envelopes(slot, id)"),
         QStringLiteral("CREATE INDEX mailbox_envelopes_by_owner "
                        "ON mailbox_envelopes(owner_id, size)"),
         QStringLiteral("CREATE INDEX mailbox_envelopes_by_expiry "
                        "ON mailbox_envelopes(expires_at)")}};
    migration.foreignKeysOff = true;
    return migration;
}

} // namespace Tincan
