// Schema migration 5: accounts above devices (docs/protocol.md, "Accounts"). A peer row stays
// one device, keyed by its device id as before, so a profile from 0.1 keeps its contacts,
// conversations and trust as they were; each device row learns its account from the first
// v2 hello it sends.
#include "migrations.h"

namespace Tincan {

Migration accountsMigration()
{
    // device_list is the signed form as received (CBOR), so that it can be checked again and
    // passed on; list_version orders the lists of one account: only a higher one replaces it.
    return {5,
            QStringLiteral("accounts"),
            {QStringLiteral(R"(
CREATE TABLE accounts (
    id           TEXT PRIMARY KEY NOT NULL
                 CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
    public_key   BLOB NOT NULL,
    list_version INTEGER NOT NULL CHECK (list_version >= 1),
    device_list  BLOB NOT NULL,
    updated_at   INTEGER NOT NULL
) WITHOUT ROWID)"),
             QStringLiteral("ALTER TABLE peers ADD COLUMN account_id TEXT REFERENCES accounts(id)"),
             QStringLiteral("CREATE INDEX peers_by_account ON peers(account_id)")}};
}

} // namespace Tincan
