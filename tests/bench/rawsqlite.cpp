#include "rawsqlite.h"

#include "rawtlspair.h" // percentile
#include "store/database.h"
#include "store/storetypes.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace {

const QString connectionName = QStringLiteral("raw");

// A fresh WAL database with the store's settings and one plain message table.
QSqlDatabase openRaw(const QTemporaryDir &dir)
{
    auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(dir.filePath(QStringLiteral("raw.db")));
    db.open();
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    for (const QString &pragma : Tincan::Database::settingPragmas())
        q.exec(pragma);
    q.exec(QStringLiteral("CREATE TABLE m (uuid TEXT PRIMARY KEY, conv TEXT, sender TEXT, "
                          "ts INTEGER, body TEXT, state INTEGER)"));
    return db;
}

void closeRaw(QSqlDatabase &db)
{
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(connectionName);
}

void bindRow(QSqlQuery &q, int i)
{
    q.addBindValue(Tincan::newUuid());
    q.addBindValue(QStringLiteral("conversation"));
    q.addBindValue(QStringLiteral("sender"));
    q.addBindValue(qint64(i));
    q.addBindValue(QStringLiteral("message number %1 with a typical short body").arg(i));
}

} // namespace

double rawSqliteInsertsPerSecond(int rows)
{
    QTemporaryDir dir;
    QSqlDatabase db = openRaw(dir);
    double rate = 0;
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO m VALUES (?, ?, ?, ?, ?, 2)"));
        QElapsedTimer t;
        t.start();
        const int batch = 500;
        for (int done = 0; done < rows; done += batch) {
            db.transaction();
            for (int i = done; i < done + batch && i < rows; ++i) {
                bindRow(q, i);
                q.exec();
            }
            db.commit();
        }
        rate = rows / (t.nsecsElapsed() / 1e9);
    }
    closeRaw(db);
    return rate;
}

RawCommitLatency rawSqliteCommitLatency(int commits)
{
    QTemporaryDir dir;
    QSqlDatabase db = openRaw(dir);
    QList<double> inserts, updates;
    {
        QSqlQuery insert(db), update(db);
        insert.prepare(QStringLiteral("INSERT INTO m VALUES (?, ?, ?, ?, ?, 2)"));
        update.prepare(QStringLiteral("UPDATE m SET state = 3 WHERE rowid = ?"));
        for (int i = 0; i < commits; ++i) {
            QElapsedTimer t;
            t.start();
            db.transaction();
            bindRow(insert, i);
            insert.exec();
            const qint64 row = insert.lastInsertId().toLongLong();
            db.commit();
            inserts.append(t.nsecsElapsed() / 1e6);

            t.start();
            db.transaction();
            update.addBindValue(row);
            update.exec();
            db.commit();
            updates.append(t.nsecsElapsed() / 1e6);
        }
    }
    closeRaw(db);
    return {percentile(inserts, 0.5), percentile(updates, 0.5)};
}
