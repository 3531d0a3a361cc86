#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

class QThread;

namespace Tincan {

// The SQLite file of one profile (DIR/tincan.db). QSqlDatabase connections may only be used by
// the thread that opened them, so connection() hands out the calling thread's own connection,
// opened lazily and configured identically (WAL, foreign keys, synchronous, busy timeout).
//
// A Database is cheap to share by reference between threads. Destroy it only after the other
// threads are done with it; a QThread's connection is also closed when that thread finishes.
class Database
{
public:
    static constexpr int latestVersion = 10;
    static QString fileName() { return QStringLiteral("tincan.db"); }

    explicit Database(QString path);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QString path() const { return m_path; }

    // The settings every connection gets after the busy timeout and the switch to WAL, in order
    // (the reasons are in configure()). Public for the benchmarks' raw SQLite baselines, which
    // must run with the same settings to be a fair floor.
    static QStringList settingPragmas();

    // Not open (isOpen() false) when the file cannot be opened or configured; the reason is
    // logged. Callers need not check: statements on it fail, are logged, and return errors.
    QSqlDatabase connection() const;
    QString connectionName() const;

    // Applies the numbered migrations up to targetVersion, each in its own transaction. A newer
    // database than this build knows is refused; a failing migration leaves the previous version.
    bool migrate(QString *error) { return migrate(latestVersion, error); }
    bool migrate(int targetVersion, QString *error);
    int schemaVersion() const; // -1 on error

    // PRAGMA integrity_check and the FTS index's own check; report gets the findings.
    bool checkIntegrity(QString *report) const;

private:
    struct Registry;
    bool configure(QSqlDatabase &db) const;
    void closeWhenThreadFinishes(QThread *thread, const QString &name) const;

    QString m_path;
    quint64 m_serial;
    QThread *m_ownerThread;
    std::shared_ptr<Registry> m_registry;
};

} // namespace Tincan
