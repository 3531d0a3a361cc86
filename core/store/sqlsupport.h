#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>
#include <optional>

// Internal helpers of core/store: every statement goes through them, so every SQL error is
// logged (category tincan.store) together with the statement that caused it.
namespace Tincan::Sql {

bool prepare(QSqlQuery &query, const QString &sql);
// Binds values by position (replacing the previous ones) and executes.
bool exec(QSqlQuery &query, std::initializer_list<QVariant> values = {});
// Prepares, binds and executes in one go.
bool run(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values = {});
// One-off statement without parameters (pragmas, DDL, transaction control).
bool execDirect(const QSqlDatabase &db, const QString &sql, QString *error = nullptr);
// The first column of the first row, or an invalid QVariant on error / no row.
QVariant scalar(const QSqlDatabase &db, const QString &sql,
                std::initializer_list<QVariant> values = {});
// The first column of every row, as text; nullopt on error.
std::optional<QStringList> strings(const QSqlDatabase &db, const QString &sql,
                                   std::initializer_list<QVariant> values = {});

// Times are stored as milliseconds since the epoch (UTC); NULL stands for "never".
QVariant msOrNull(const QDateTime &time);
QDateTime fromMs(const QVariant &value);
QDateTime fromMs(qint64 ms);

QVariant textOrNull(const QString &text);

} // namespace Tincan::Sql
