#include "migrations.h"

#include "sqlsupport.h"
#include "transaction.h"
#include "util/logging.h"

namespace Tincan {

Migration groupsMigration();      // migration3_groups.cpp
Migration transfersMigration();   // migration4_transfers.cpp
Migration accountsMigration();    // migration5_accounts.cpp
Migration eventLinesMigration();  // migration6_eventlines.cpp
Migration searchIndexMigration(); // migration7_searchindex.cpp
Migration mailboxesMigration();   // migration8_mailboxes.cpp
Migration reachByIdMigration();   // migration9_reachbyid.cpp
Migration historySyncMigration(); // migration10_historysync.cpp

namespace {

// Times are INTEGER milliseconds since the epoch (UTC). Enum columns hold the values of the
// enums in storetypes.h. Once released, a migration is never edited: add the next one.
Migration peersMigration()
{
    return {1, QStringLiteral("peers"), {QStringLiteral(R"(
CREATE TABLE peers (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
    name        TEXT NOT NULL DEFAULT '',
    alias       TEXT NOT NULL DEFAULT '',
    trust       INTEGER NOT NULL DEFAULT 0 CHECK (trust IN (0, 1, 2)),
    certificate BLOB,
    addresses   TEXT NOT NULL DEFAULT '[]',
    last_seen   INTEGER,
    avatar      BLOB,
    is_contact  INTEGER NOT NULL DEFAULT 0 CHECK (is_contact IN (0, 1))
))")}};
}

Migration messagesMigration()
{
    return {2,
            QStringLiteral("conversations, messages, outbox, receipts, full-text index"),
            {QStringLiteral(R"(
CREATE TABLE conversations (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          INTEGER NOT NULL CHECK (kind IN (0, 1)),
    title         TEXT NOT NULL DEFAULT '',
    peer_id       TEXT REFERENCES peers(id),
    created_at    INTEGER NOT NULL,
    last_activity INTEGER NOT NULL,
    unread        INTEGER NOT NULL DEFAULT 0,
    request_state INTEGER NOT NULL DEFAULT 0 CHECK (request_state IN (0, 1, 2)),
    CHECK ((kind = 0) = (peer_id IS NOT NULL AND peer_id = id))
))"),
             QStringLiteral("CREATE INDEX conversations_by_activity "
                            "ON conversations(request_state, last_activity)"),
             QStringLiteral(R"(
CREATE TABLE group_members (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    peer_id         TEXT NOT NULL,
    role            INTEGER NOT NULL DEFAULT 0 CHECK (role IN (0, 1, 2)),
    added_by        TEXT,
    added_at        INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, peer_id)
) WITHOUT ROWID)"),
             // seq is AUTOINCREMENT so that it is never reused, even after the newest row is
             // deleted: it orders the outbox and keys the full-text index.
             QStringLiteral(R"(
CREATE TABLE messages (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid            TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    sender_id       TEXT NOT NULL,
    outgoing        INTEGER NOT NULL CHECK (outgoing IN (0, 1)),
    sender_ts       INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    kind            INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1, 2)),
    state           INTEGER NOT NULL CHECK (state BETWEEN -1 AND 3),
    edited_at       INTEGER,
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    reply_to        TEXT
))"),
             QStringLiteral("CREATE INDEX messages_history "
                            "ON messages(conversation_id, sender_ts, uuid)"),
             // Only unread incoming messages: mark-read touches those, not the whole history.
             QStringLiteral("CREATE INDEX messages_unread ON messages(conversation_id) "
                            "WHERE outgoing = 0 AND state < 3"),
             QStringLiteral(R"(
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    message_uuid    TEXT NOT NULL REFERENCES messages(uuid) ON DELETE CASCADE,
    recipient_id    TEXT NOT NULL,
    kind            INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1, 2, 3)),
    payload         BLOB,
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    UNIQUE (message_uuid, recipient_id, kind)
))"),
             QStringLiteral("CREATE INDEX outbox_by_recipient ON outbox(recipient_id, id)"),
             QStringLiteral(R"(
CREATE TABLE receipts (
    message_uuid TEXT NOT NULL REFERENCES messages(uuid) ON DELETE CASCADE,
    peer_id      TEXT NOT NULL,
    state        INTEGER NOT NULL CHECK (state BETWEEN -1 AND 3),
    at           INTEGER NOT NULL,
    PRIMARY KEY (message_uuid, peer_id)
) WITHOUT ROWID)"),
             // External content: the text lives once, in messages; the triggers keep the index
             // in step. A deleted message has an empty body, so it drops out of the index.
             QStringLiteral(R"(
CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content='messages', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
))"),
             QStringLiteral(R"(
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, body) VALUES (new.seq, new.body);
END)"),
             QStringLiteral(R"(
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
END)"),
             QStringLiteral(R"(
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.seq, new.body);
END)")}};
}

bool applyOne(const QSqlDatabase &db, const Migration &migration, QString *error)
{
    Transaction transaction(db);
    if (!transaction.isActive()) {
        *error = QStringLiteral("Cannot start the transaction for schema migration %1")
                     .arg(migration.version);
        return false;
    }
    // Re-read under the write lock: another connection may have migrated meanwhile.
    const int current = userVersion(db);
    if (current >= migration.version)
        return true;
    if (current != migration.version - 1) {
        *error = QStringLiteral("Schema migration %1 expects version %2, the database is at %3")
                     .arg(migration.version)
                     .arg(migration.version - 1)
                     .arg(current);
        return false;
    }
    QString sqlError;
    for (const QString &statement : migration.statements) {
        if (!Sql::execDirect(db, statement, &sqlError)) {
            *error = QStringLiteral("Schema migration %1 (%2) failed: %3. The database stays at "
                                    "version %4.")
                         .arg(migration.version)
                         .arg(migration.name, sqlError)
                         .arg(current);
            return false;
        }
    }
    for (const QString &table : {QStringLiteral("outbox"), QStringLiteral("receipts")}) {
        if (migration.foreignKeysOff &&
            Sql::scalar(db, QStringLiteral("PRAGMA foreign_key_check(%1)").arg(table)).isValid()) {
            *error = QStringLiteral("Schema migration %1 (%2) left rows of %3 without their "
                                    "message. The database stays at version %4.")
                         .arg(migration.version)
                         .arg(migration.name, table)
                         .arg(current);
            return false;
        }
    }
    const QString bump = QStringLiteral("PRAGMA user_version = %1").arg(migration.version);
    if (!Sql::execDirect(db, bump, &sqlError) || !transaction.commit()) {
        *error = QStringLiteral("Cannot record schema version %1: %2. The database stays at "
                                "version %3.")
                     .arg(migration.version)
                     .arg(sqlError)
                     .arg(current);
        return false;
    }
    qCInfo(lcStore).noquote() << "Schema migrated to version" << migration.version << "("
                              << migration.name << ")";
    return true;
}

} // namespace

const QList<Migration> &builtinMigrations()
{
    static const QList<Migration> migrations{
        peersMigration(),     messagesMigration(),   groupsMigration(),      transfersMigration(),
        accountsMigration(),  eventLinesMigration(), searchIndexMigration(), mailboxesMigration(),
        reachByIdMigration(), historySyncMigration()};
    return migrations;
}

int userVersion(const QSqlDatabase &db)
{
    const QVariant version = Sql::scalar(db, QStringLiteral("PRAGMA user_version"));
    return version.isValid() ? version.toInt() : -1;
}

bool runMigrations(const QSqlDatabase &db, const QList<Migration> &migrations, int targetVersion,
                   QString *error)
{
    const int newest = migrations.isEmpty() ? 0 : migrations.constLast().version;
    const int current = userVersion(db);
    if (current < 0) {
        *error = QStringLiteral("Cannot read the schema version of %1").arg(db.databaseName());
        return false;
    }
    if (current > newest) {
        *error = QStringLiteral("The database %1 has schema version %2, newer than this build "
                                "of Tincan knows (%3); refusing to touch it.")
                     .arg(db.databaseName())
                     .arg(current)
                     .arg(newest);
        return false;
    }
    if (targetVersion > newest || targetVersion < 0) {
        *error = QStringLiteral("Unknown schema version %1").arg(targetVersion);
        return false;
    }
    for (const Migration &migration : migrations) {
        if (migration.version <= current || migration.version > targetVersion)
            continue;
        // PRAGMA foreign_keys is a no-op inside a transaction: it goes around it.
        if (migration.foreignKeysOff)
            Sql::execDirect(db, QStringLiteral("PRAGMA foreign_keys=OFF"));
        const bool applied = applyOne(db, migration, error);
        if (migration.foreignKeysOff)
            Sql::execDirect(db, QStringLiteral("PRAGMA foreign_keys=ON"));
        if (!applied) {
            qCWarning(lcStore).noquote() << *error;
            return false;
        }
    }
    return true;
}

} // namespace Tincan
