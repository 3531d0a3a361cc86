// Schema migration 10: history brought from another device of this person (#18). One row per
// device it comes from; its cursor moves in the transaction that stores each page, so a
// transfer cut off (kill -9, a lost link) resumes where it stopped and stores nothing twice.
#include "migrations.h"

namespace Tincan {

Migration historySyncMigration()
{
    return {10, QStringLiteral("history from another device"), {QStringLiteral(R"(
CREATE TABLE history_sync (
    source      TEXT PRIMARY KEY NOT NULL
                CHECK (length(source) = 64 AND source NOT GLOB '*[^0-9a-f]*'),
    after_seq   INTEGER NOT NULL DEFAULT 0,
    received    INTEGER NOT NULL DEFAULT 0,
    total       INTEGER NOT NULL DEFAULT 0,
    all_history INTEGER NOT NULL DEFAULT 0 CHECK (all_history IN (0, 1)),
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    started_at  INTEGER NOT NULL,
    finished_at INTEGER
) WITHOUT ROWID)")}};
}

} // namespace Tincan
