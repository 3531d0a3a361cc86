#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Tincan {

// A write transaction on one connection, rolled back unless commit() succeeds.
//
// The outermost one is BEGIN IMMEDIATE: it takes the write lock up front, so two threads that
// read-then-write never deadlock into SQLITE_BUSY (a deferred transaction could not be retried
// by the busy timeout once it has read). Nested ones become savepoints, which lets a
// repository call another one inside its own transaction.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    // False when the transaction could not be started (logged).
    bool isActive() const { return m_level > 0; }
    bool commit();
    void rollback();

private:
    QSqlDatabase m_db;
    int m_level = 0; // 1: outermost; >1: savepoint; 0: not active
};

} // namespace Tincan
