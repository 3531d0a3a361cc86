#include "sqlsupport.h"

#include "statement.h"
#include "util/logging.h"

#include <QSqlError>

namespace Tincan::Sql {

namespace {

void logFailure(const QSqlQuery &query, const QString &sql)
{
    qCWarning(lcStore).noquote() << "SQL error:" << query.lastError().text()
                                 << "in:" << sql.simplified();
}

} // namespace

bool prepare(QSqlQuery &query, const QString &sql)
{
    query.setForwardOnly(true);
    if (query.prepare(sql))
        return true;
    logFailure(query, sql);
    return false;
}

bool exec(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    int position = 0;
    for (const QVariant &value : values) {
        // A null QString would bind as NULL; NULL is spelled QVariant() here (msOrNull,
        // textOrNull), so every QString binds as text, empty or not.
        const bool nullText =
            value.metaType() == QMetaType::fromType<QString>() && value.toString().isNull();
        query.bindValue(position++, nullText ? QVariant(QStringLiteral("")) : value);
    }
    if (query.exec())
        return true;
    logFailure(query, query.lastQuery());
    return false;
}

bool run(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values)
{
    return prepare(query, sql) && exec(query, values);
}

bool execDirect(const QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    logFailure(query, sql);
    if (error)
        *error = query.lastError().text();
    return false;
}

QVariant scalar(const QSqlDatabase &db, const QString &sql, std::initializer_list<QVariant> values)
{
    Statement query(db, sql);
    if (!query.exec(values) || !query.next())
        return {};
    return query.value(0);
}

std::optional<QStringList> strings(const QSqlDatabase &db, const QString &sql,
                                   std::initializer_list<QVariant> values)
{
    Statement query(db, sql);
    if (!query.exec(values))
        return std::nullopt;
    QStringList list;
    while (query.next())
        list << query.value(0).toString();
    return list;
}

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime() : fromMs(value.toLongLong());
}

QDateTime fromMs(qint64 ms)
{
    // The one-argument overload exists on every Qt 6; the TimeSpec one is deprecated in 6.9.
    return QDateTime::fromMSecsSinceEpoch(ms).toUTC();
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

} // namespace Tincan::Sql
