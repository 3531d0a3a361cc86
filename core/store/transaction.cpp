#include "transaction.h"

#include "statement.h"

#include <QHash>

namespace Tincan {

namespace {

// Nesting depth per connection; connections belong to one thread, so this is per thread too.
thread_local QHash<QString, int> t_depth;

QString savepointName(int level)
{
    return QStringLiteral("tincan_sp%1").arg(level);
}

// Transaction control runs around every write, so it goes through the statement cache too.
bool control(const QSqlDatabase &db, const QString &sql)
{
    Sql::Statement statement(db, sql);
    return statement.exec();
}

} // namespace

Transaction::Transaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    if (!m_db.isOpen())
        return;
    int &depth = t_depth[m_db.connectionName()];
    const QString begin = depth == 0 ? QStringLiteral("BEGIN IMMEDIATE")
                                     : QStringLiteral("SAVEPOINT ") + savepointName(depth + 1);
    if (control(m_db, begin))
        m_level = ++depth;
}

Transaction::~Transaction()
{
    rollback();
}

bool Transaction::commit()
{
    if (!isActive())
        return false;
    const QString end = m_level == 1 ? QStringLiteral("COMMIT")
                                     : QStringLiteral("RELEASE ") + savepointName(m_level);
    if (!control(m_db, end)) {
        rollback();
        return false;
    }
    --t_depth[m_db.connectionName()];
    m_level = 0;
    return true;
}

void Transaction::rollback()
{
    if (!isActive())
        return;
    if (m_level == 1) {
        control(m_db, QStringLiteral("ROLLBACK"));
    } else {
        const QString name = savepointName(m_level);
        control(m_db, QStringLiteral("ROLLBACK TO ") + name);
        control(m_db, QStringLiteral("RELEASE ") + name);
    }
    --t_depth[m_db.connectionName()];
    m_level = 0;
}

} // namespace Tincan
