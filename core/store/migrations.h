#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Tincan {

// One numbered step of the schema. Versions start at 1 and are contiguous; the version the
// database is at lives in PRAGMA user_version (0: empty).
struct Migration
{
    int version = 0;
    QString name;
    QStringList statements;
    // Rebuilds a table that others reference (SQLite's twelve steps): foreign keys are off
    // around its transaction, and the references are checked before it commits.
    bool foreignKeysOff = false;
};

const QList<Migration> &builtinMigrations();

// Applies every migration above the current version up to targetVersion, each in its own
// transaction together with its user_version bump, so a failure leaves the previous version
// intact. Refuses databases newer than the newest migration given.
bool runMigrations(const QSqlDatabase &db, const QList<Migration> &migrations, int targetVersion,
                   QString *error);

int userVersion(const QSqlDatabase &db); // -1 on error

} // namespace Tincan
