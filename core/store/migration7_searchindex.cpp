// Schema migration 7: the full-text index is filled in batches (SearchIndex), no longer by a
// trigger inside every message's insert. An FTS5 insert writes a new index segment per
// transaction, so one message per commit paid for a segment each; the delivery path now
// commits the message alone and SearchIndex indexes what came in, many rows per segment.
//
// search_index.indexed_seq is the high-water mark: every message up to it is in the index (or
// is a group event line, never indexed), none above it is. An external-content FTS5 'delete'
// must name exactly what was indexed, so the update and delete triggers act only at or below
// the mark; above it SearchIndex later reads whatever the row holds by then. seq is
// AUTOINCREMENT, so a new row always lands above the mark.
#include "migrations.h"

namespace Tincan {

Migration searchIndexMigration()
{
    return {7,
            QStringLiteral("full-text index filled in batches"),
            {QStringLiteral(R"(
CREATE TABLE search_index (
    id          INTEGER PRIMARY KEY CHECK (id = 0),
    indexed_seq INTEGER NOT NULL
))"),
             // The triggers indexed every row so far.
             QStringLiteral("INSERT INTO search_index (id, indexed_seq) "
                            "SELECT 0, coalesce(max(seq), 0) FROM messages"),
             QStringLiteral("DROP TRIGGER messages_fts_insert"),
             QStringLiteral("DROP TRIGGER messages_fts_delete"),
             QStringLiteral("DROP TRIGGER messages_fts_update"), QStringLiteral(R"(
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.kind != 1 AND old.seq <= (SELECT indexed_seq FROM search_index) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
END)"),
             QStringLiteral(R"(
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
WHEN old.kind != 1 AND old.seq <= (SELECT indexed_seq FROM search_index) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.seq, new.body);
END)")}};
}

} // namespace Tincan
