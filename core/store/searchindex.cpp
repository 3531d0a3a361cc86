#include "searchindex.h"

#include "database.h"
#include "statement.h"
#include "storetypes.h"
#include "transaction.h"

namespace Tincan {

std::optional<int> SearchIndex::indexBatch(int limit)
{
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    if (!transaction.isActive())
        return std::nullopt;
    Sql::Statement mark(db, QStringLiteral("SELECT indexed_seq FROM search_index"));
    if (!mark.exec() || !mark.next())
        return std::nullopt;
    const qint64 from = mark.value(0).toLongLong();
    mark.finish();

    Sql::Statement range(db, QStringLiteral("SELECT max(seq), count(*) FROM (SELECT seq FROM "
                                            "messages WHERE seq > ? ORDER BY seq LIMIT ?)"));
    if (!range.exec({from, limit}) || !range.next())
        return std::nullopt;
    const qint64 to = range.value(0).toLongLong();
    const int passed = range.value(1).toInt();
    range.finish();
    if (passed == 0)
        return 0;

    Sql::Statement index(db, QStringLiteral("INSERT INTO messages_fts(rowid, body) SELECT seq, "
                                            "body FROM messages WHERE seq > ? AND seq <= ? "
                                            "AND kind != ?"));
    Sql::Statement advance(db, QStringLiteral("UPDATE search_index SET indexed_seq = ?"));
    if (!index.exec({from, to, static_cast<int>(MessageKind::Event)}) || !advance.exec({to}) ||
        !transaction.commit())
        return std::nullopt;
    return passed;
}

bool SearchIndex::catchUp()
{
    constexpr int catchUpBatch = 20 * batchSize; // nobody waits between batches here
    for (;;) {
        const auto passed = indexBatch(catchUpBatch);
        if (!passed)
            return false;
        if (*passed < catchUpBatch)
            return true;
    }
}

std::optional<qint64> SearchIndex::pending() const
{
    Sql::Statement query(m_db.connection(),
                         QStringLiteral("SELECT count(*) FROM messages WHERE seq > "
                                        "(SELECT indexed_seq FROM search_index)"));
    if (!query.exec() || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

} // namespace Tincan
