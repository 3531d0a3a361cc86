// Schema migration 4: file transfers (core/files, docs/protocol.md "File transfer"). Kept apart
// from migrations.cpp so the files area owns its schema.
#include "migrations.h"

namespace Tincan {

Migration transfersMigration()
{
    // One row per transfer and peer: a file sent to a group has a row per member. done_bytes is
    // what the receiver has written and flushed (incoming) or has confirmed with fack
    // (outgoing): a resume starts there. The chat message with uuid = id shows it in history.
    return {4,
            QStringLiteral("file transfers"),
            {QStringLiteral(R"(
CREATE TABLE transfers (
    id              TEXT NOT NULL,
    peer_id         TEXT NOT NULL,
    direction       INTEGER NOT NULL CHECK (direction IN (0, 1)),
    conversation_id TEXT NOT NULL,
    name            TEXT NOT NULL,
    size            INTEGER NOT NULL CHECK (size >= 0),
    sha256          BLOB NOT NULL CHECK (length(sha256) = 32),
    mime            TEXT NOT NULL DEFAULT '',
    path            TEXT NOT NULL DEFAULT '',
    part_path       TEXT NOT NULL DEFAULT '',
    done_bytes      INTEGER NOT NULL DEFAULT 0 CHECK (done_bytes BETWEEN 0 AND size),
    resumed_from    INTEGER NOT NULL DEFAULT 0,
    resumes         INTEGER NOT NULL DEFAULT 0,
    state           INTEGER NOT NULL CHECK (state BETWEEN 0 AND 7),
    error           TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (id, peer_id, direction)
) WITHOUT ROWID)"),
             QStringLiteral("CREATE INDEX transfers_by_peer ON transfers(peer_id, state)")}};
}

} // namespace Tincan
