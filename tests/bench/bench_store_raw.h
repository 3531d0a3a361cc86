#pragma once

#include <QList>
#include <QString>

#include <optional>

struct RawMessage
{
    QString uuid;
    QString conversationId;
    QString senderId;
    qint64 sentAtMs = 0;
    QString body;
};

// The floor: the same INSERT on the same schema (indexes, FTS triggers) through the SQLite C
// API with one prepared statement, batched in transactions. Messages per second, or nullopt
// when built without the SQLite headers or on error.
std::optional<double> rawSqliteInsertRate(const QString &path,
                                          const QList<QList<RawMessage>> &batches);
