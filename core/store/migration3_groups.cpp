// Schema migration 3: the signed membership events of groups (core/groups, docs/protocol.md
// "Groups"). Kept apart from migrations.cpp so the groups area owns its schema.
#include "migrations.h"

namespace Tincan {

Migration groupsMigration()
{
    // payload is the signed event exactly as received, so it can be re-verified and relayed;
    // the other columns are copies for lookups. The log goes when its group is deleted.
    return {
        3,
        QStringLiteral("group events"),
        {QStringLiteral(R"(
CREATE TABLE group_events (
    id          TEXT PRIMARY KEY NOT NULL,
    group_id    TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    lamport     INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    payload     BLOB NOT NULL,
    received_at INTEGER NOT NULL
))"),
         QStringLiteral("CREATE INDEX group_events_by_group ON group_events(group_id, lamport)")}};
}

} // namespace Tincan
