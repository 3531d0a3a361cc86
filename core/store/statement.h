#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>
#include <memory>

namespace Tincan::Sql {

struct CachedStatement;

// A prepared statement borrowed from its connection's cache, for as long as this object lives.
//
// Why: preparing is most of the cost of a short statement (a profile of the message round trip
// put 40 % of its CPU time in sqlite3_prepare), and the delivery path runs the same few dozen
// statements for every message. The cache lives per connection, so per thread, like the
// connection itself.
//
// The destructor resets the statement (QSqlQuery::finish): a SELECT left positioned on a row
// would hold a read snapshot open, and this connection would stop seeing other connections'
// writes. A statement already borrowed (the same SQL, nested) is prepared afresh for the
// nested user, never shared.
class Statement
{
public:
    Statement(const QSqlDatabase &db, const QString &sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool isPrepared() const { return m_prepared; }
    // Binds values by position (as Sql::exec) and executes; false (logged) on error.
    bool exec(std::initializer_list<QVariant> values = {});

    QSqlQuery &query() { return *m_query; }
    operator QSqlQuery &() { return *m_query; }
    QSqlQuery *operator->() { return m_query; }
    bool next() { return m_query->next(); }
    QVariant value(int column) const { return m_query->value(column); }
    // Resets now, before the end of the scope: ends the read of a SELECT.
    void finish() { m_query->finish(); }

private:
    std::shared_ptr<CachedStatement> m_cached; // null when prepared for this user only
    std::unique_ptr<QSqlQuery> m_own;
    QSqlQuery *m_query = nullptr;
    bool m_prepared = false;
};

// Forgets the cached statements of a connection; called before it closes or reopens.
void dropStatements(const QString &connectionName);
// How many connections this thread holds statements for (tests and diagnostics).
qsizetype cachedConnections();

} // namespace Tincan::Sql
