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

namespace {
// The cached statement for sql, or null when it is in use (a nested use of the same SQL),
// the cache is full, or it does not prepare (the caller prepares its own and keeps the
// error). A closed connection gets no entry: dropStatements() has run for it, or never will.
std::shared_ptr<CachedStatement> borrowCached(const QSqlDatabase &db, const QString &sql)
{
    if (!db.isOpen())
        return nullptr;
    auto &cache = t_cache[db.connectionName()];
    if (const auto found = cache.constFind(sql); found != cache.constEnd())
        return (*found)->borrowed ? nullptr : *found;
    if (cache.size() >= MaxCachedPerConnection)
        return nullptr;
    auto fresh = std::make_shared<CachedStatement>(db);
    if (!prepare(fresh->query, sql))
        return nullptr;
    cache.insert(sql, fresh);
    return fresh;
}
} // namespace

Statement::Statement(const QSqlDatabase &db, const QString &sql)
    : m_cached(borrowCached(db, sql))
{
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

qsizetype cachedConnections()
{
    return t_cache.size();
}

} // namespace Tincan::Sql
