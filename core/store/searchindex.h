#pragma once

#include <QtGlobal>

#include <optional>

namespace Tincan {

class Database;

// Fills the full-text index with the messages committed since it last ran, many per
// transaction: the delivery path commits a message without indexing it (migration 7 says
// why), and this catches up behind it. A search catches up first, so it always sees every
// committed message.
//
// Usable from any thread, like the store: each batch is one write transaction (BEGIN
// IMMEDIATE), so two callers never index the same row twice.
class SearchIndex
{
public:
    // One batch of the catch-up behind delivery: small enough that the event loop it runs on
    // stays responsive, large enough that each FTS5 segment holds many messages.
    static constexpr int batchSize = 1000;

    explicit SearchIndex(Database &db)
        : m_db(db)
    {}

    // Indexes up to `limit` messages past the mark, in one transaction. Returns how many it
    // passed (group event lines are passed without being indexed): 0 when none waited,
    // nullopt on a database error (nothing changed).
    std::optional<int> indexBatch(int limit = batchSize);
    // Batches until nothing waits. False on a database error.
    bool catchUp();
    // Messages committed but not indexed yet; nullopt on error.
    std::optional<qint64> pending() const;

private:
    Database &m_db;
};

} // namespace Tincan
