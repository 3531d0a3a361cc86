#include "statement.h"

#include "sqlsupport.h"

#include <QHash>

namespace Tincan::Sql {

namespace {
// Enough for every statement of the store with room to spare; beyond it (SQL built from
// varying parts) statements are prepared per use rather than growing the cache without bound.
constexpr qsizetype MaxCachedPerConnection = 256;
} // namespace

struct CachedStatement
{
    explicit CachedStatement(const QSqlDatabase &db)
        : query(db)
    {}
    QSqlQuery query;
    bool borrowed = false;
};

namespace {
// Connection name → SQL → statement. Connections belong to one thread, so this is per thread.
thread_local QHash<QString, QHash<QString, std::shared_ptr<CachedStatement>>> t_cache;
} // namespace

Statement::Statement(const QSqlDatabase &db, const QString &sql)
{
    auto &cache = t_cache[db.connectionName()];
    const auto found = cache.constFind(sql);
    if (found != cache.constEnd() && !(*found)->borrowed) {
        m_cached = *found;
    } else if (found == cache.constEnd() && cache.size() < MaxCachedPerConnection && db.isOpen()) {
        auto fresh = std::make_shared<CachedStatement>(db);
        if (prepare(fresh->query, sql)) {
            cache.insert(sql, fresh);
            m_cached = std::move(fresh);
        } else {
            // Not cached; kept for its lastError().
            m_own = std::make_unique<QSqlQuery>(std::move(fresh->query));
            m_query = m_own.get();
            return;
        }
    }
    if (m_cached) {
        m_cached->borrowed = true;
        m_query = &m_cached->query;
        m_prepared = true;
        return;
    }
    m_own = std::make_unique<QSqlQuery>(db);
    m_query = m_own.get();
    m_prepared = prepare(*m_own, sql);
}

Statement::~Statement()
{
    m_query->finish();
    if (m_cached)
        m_cached->borrowed = false;
}

bool Statement::exec(std::initializer_list<QVariant> values)
{
    return m_prepared && Sql::exec(*m_query, values);
}

void dropStatements(const QString &connectionName)
{
    t_cache.remove(connectionName);
}

} // namespace Tincan::Sql
