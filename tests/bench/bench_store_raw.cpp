#include "bench_store_raw.h"

#include "store/database.h"

#include <QElapsedTimer>

#ifdef TINCAN_BENCH_RAW_SQLITE
#include <sqlite3.h>

namespace {

bool exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool bindText(sqlite3_stmt *statement, int index, const QByteArray &text)
{
    return sqlite3_bind_text(statement, index, text.constData(), static_cast<int>(text.size()),
                             SQLITE_TRANSIENT) == SQLITE_OK;
}

} // namespace

std::optional<double> rawSqliteInsertRate(const QString &path,
                                          const QList<QList<RawMessage>> &batches)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return std::nullopt;
    sqlite3_stmt *insert = nullptr;
    // The store's own settings.
    bool ready = exec(db, "PRAGMA journal_mode=WAL");
    for (const QString &pragma : Tincan::Database::settingPragmas())
        ready = ready && exec(db, pragma.toUtf8().constData());
    ready = ready &&
            sqlite3_prepare_v2(db,
                               "INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, "
                               "sender_ts, received_at, body, kind, state) "
                               "VALUES (?, ?, ?, 0, ?, ?, ?, 0, 2) ON CONFLICT(uuid) DO NOTHING",
                               -1, &insert, nullptr) == SQLITE_OK;
    qint64 count = 0;
    bool ok = ready;
    QElapsedTimer timer;
    timer.start();
    for (const QList<RawMessage> &batch : batches) {
        if (!ok || !exec(db, "BEGIN IMMEDIATE"))
            break;
        for (const RawMessage &m : batch) {
            ok = bindText(insert, 1, m.uuid.toUtf8()) &&
                 bindText(insert, 2, m.conversationId.toUtf8()) &&
                 bindText(insert, 3, m.senderId.toUtf8()) &&
                 sqlite3_bind_int64(insert, 4, m.sentAtMs) == SQLITE_OK &&
                 sqlite3_bind_int64(insert, 5, m.sentAtMs) == SQLITE_OK &&
                 bindText(insert, 6, m.body.toUtf8()) && sqlite3_step(insert) == SQLITE_DONE &&
                 sqlite3_reset(insert) == SQLITE_OK;
            if (!ok)
                break;
        }
        ok = ok && exec(db, "COMMIT");
        count += batch.size();
    }
    const double seconds = timer.nsecsElapsed() / 1e9;
    sqlite3_finalize(insert);
    sqlite3_close(db);
    if (!ok || seconds <= 0)
        return std::nullopt;
    return count / seconds;
}

#else

std::optional<double> rawSqliteInsertRate(const QString &, const QList<QList<RawMessage>> &)
{
    return std::nullopt;
}

#endif
