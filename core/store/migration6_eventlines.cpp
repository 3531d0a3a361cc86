// Schema migration 6: group event lines are structured (core/groups/groupeventline.h) and put
// into words only when shown, so the full-text index no longer holds them: their stored form is
// ids, and their words depend on the reader's language and today's names. Lines that 0.1 stored
// in English stay as they are, shown as stored, but leave the index with the rest.
#include "migrations.h"

namespace Tincan {

Migration eventLinesMigration()
{
    // External-content FTS5: a 'delete' must name exactly what was indexed, so the event rows
    // leave the index before the triggers start skipping them.
    return {6,
            QStringLiteral("group event lines out of the full-text index"),
            {QStringLiteral("DROP TRIGGER messages_fts_insert"),
             QStringLiteral("DROP TRIGGER messages_fts_delete"),
             QStringLiteral("DROP TRIGGER messages_fts_update"), QStringLiteral(R"(
INSERT INTO messages_fts(messages_fts, rowid, body)
    SELECT 'delete', seq, body FROM messages WHERE kind = 1)"),
             QStringLiteral(R"(
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.kind != 1 BEGIN
    INSERT INTO messages_fts(rowid, body) VALUES (new.seq, new.body);
END)"),
             QStringLiteral(R"(
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.kind != 1 BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
END)"),
             QStringLiteral(R"(
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages WHEN old.kind != 1 BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.seq, new.body);
END)")}};
}

} // namespace Tincan
