// Schema migration 9: a device reached over the internet by its id alone (ICE through a
// rendezvous) has no address to redial, so the router remembers that it may seek it by id, and
// does again after a restart (#24). Kept apart from `addresses`, which peer exchange shares:
// that a device was reached this way is no one else's business.
#include "migrations.h"

namespace Tincan {

Migration reachByIdMigration()
{
    return {9,
            QStringLiteral("peers reached by id"),
            {QStringLiteral("ALTER TABLE peers ADD COLUMN reach_by_id INTEGER NOT NULL DEFAULT 0 "
                            "CHECK (reach_by_id IN (0, 1))")}};
}

} // namespace Tincan
