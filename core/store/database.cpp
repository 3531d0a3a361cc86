#include "database.h"

#include "migrations.h"
#include "sqlsupport.h"
#include "statement.h"
#include "util/logging.h"

#include <QFile>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <utility>

namespace Tincan {

namespace {

std::atomic<quint64> nextSerial{1};

// Per thread: which connection this thread opened for which Database (by serial). A connection
// name alone is not enough: thread ids are reused, and a stale registration of a finished
// thread with the same id must not be mistaken for ours.
thread_local QHash<quint64, QString> t_connections;

} // namespace

struct Database::Registry
{
    QMutex mutex;
    QSet<QString> names;

    void add(const QString &name)
    {
        QMutexLocker lock(&mutex);
        names.insert(name);
    }
    void remove(const QString &name)
    {
        QMutexLocker lock(&mutex);
        names.remove(name);
    }
    QSet<QString> takeAll()
    {
        QMutexLocker lock(&mutex);
        return std::exchange(names, {});
    }
};

Database::Database(QString path)
    : m_path(std::move(path))
    , m_serial(nextSerial++)
    , m_ownerThread(QThread::currentThread())
    , m_registry(std::make_shared<Registry>())
{}

Database::~Database()
{
    const QString own = t_connections.take(m_serial);
    if (!own.isEmpty()) {
        Sql::dropStatements(own);
        QSqlDatabase db = QSqlDatabase::database(own, false);
        db.close();
    }
    // Connections of other threads: those threads must be done with them by now (see header).
    for (const QString &name : m_registry->takeAll())
        QSqlDatabase::removeDatabase(name);
}

QString Database::connectionName() const
{
    const auto thread = reinterpret_cast<quintptr>(QThread::currentThreadId());
    return QStringLiteral("tincan-store:%1:%2:%3")
        .arg(m_path, QString::number(thread, 16), QString::number(m_serial));
}

QSqlDatabase Database::connection() const
{
    const auto known = t_connections.constFind(m_serial);
    if (known != t_connections.constEnd()) {
        QSqlDatabase db = QSqlDatabase::database(*known, false);
        if (!db.isOpen())
            Sql::dropStatements(*known); // closed underneath: its statements died with it
        if (!db.isOpen() && db.open() && !configure(db))
            db.close(); // retried on the next call
        return db;
    }

    const QString name = connectionName();
    if (QSqlDatabase::contains(name)) { // left behind by a finished thread with our id
        Sql::dropStatements(name);
        QSqlDatabase::removeDatabase(name);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    t_connections.insert(m_serial, name);
    m_registry->add(name);
    if (QThread::currentThread() != m_ownerThread)
        closeWhenThreadFinishes(QThread::currentThread(), name);

    // Create the file ourselves so that it is private from the start; the -wal and -shm files
    // inherit its permissions. NewOnly never truncates a database another thread just created.
    QFile file(m_path);
    if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);

    if (!db.open()) {
        qCWarning(lcStore).noquote() << "Cannot open" << m_path << ":" << db.lastError().text();
        return db;
    }
    if (!configure(db))
        db.close();
    return db;
}

bool Database::configure(QSqlDatabase &db) const
{
    // Durability: in WAL mode a COMMIT appends the transaction to the -wal file with write(2)
    // before it returns; synchronous=NORMAL only skips the fsync, which then happens at each
    // checkpoint. Data handed to the kernel survives the death of the process (kill -9, a
    // crash), so a message that was committed — and only then acknowledged to its sender —
    // survives as well. Only an OS crash or power loss can roll back the last transactions
    // (then a message acknowledged in the last moments may be missing), and even then the
    // database stays consistent, never corrupt. FULL would close that gap with one fsync per
    // commit, which cost 28 % of the insert rate with 1000-message transactions and 46 % with
    // 100-message ones on the development VM: not worth it for a LAN chat.
    //
    // The busy timeout comes first: writers (other threads' connections) wait for each other
    // instead of failing at once, also while the first connection switches the file to WAL.
    if (!Sql::execDirect(db, QStringLiteral("PRAGMA busy_timeout=5000")))
        return false;
    const QString mode = Sql::scalar(db, QStringLiteral("PRAGMA journal_mode=WAL")).toString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        qCWarning(lcStore).noquote() << "Cannot switch" << m_path << "to WAL mode, got" << mode;
        return false;
    }
    // Throughput (measured by tests/bench/bench_store): with the default 1000-page checkpoint
    // interval, burst inserts (each touching the full-text index) spend most of their time in
    // checkpoints, which rewrite hot pages and fsync twice. A larger interval and page cache
    // roughly double the insert rate; the WAL is trimmed back after each checkpoint.
    // secure_delete: the space a deleted or edited row frees is zeroed, so the old text does not
    // stay readable in the file (TextScrubber does the same for the full-text index and WAL).
    const QStringList settings = settingPragmas();
    return std::all_of(settings.cbegin(), settings.cend(),
                       [&db](const QString &pragma) { return Sql::execDirect(db, pragma); });
}

QStringList Database::settingPragmas()
{
    return {QStringLiteral("PRAGMA synchronous=NORMAL"),
            QStringLiteral("PRAGMA secure_delete=ON"),
            QStringLiteral("PRAGMA foreign_keys=ON"),
            QStringLiteral("PRAGMA cache_size=-32768"),
            QStringLiteral("PRAGMA wal_autocheckpoint=10000"),
            QStringLiteral("PRAGMA journal_size_limit=67108864")};
}

void Database::closeWhenThreadFinishes(QThread *thread, const QString &name) const
{
    // finished is emitted by the finishing thread itself, the owner of the connection.
    QObject::connect(
        thread, &QThread::finished, thread,
        [registry = m_registry, serial = m_serial, name] {
            {
                Sql::dropStatements(name);
                QSqlDatabase db = QSqlDatabase::database(name, false);
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
            t_connections.remove(serial);
            registry->remove(name);
        },
        Qt::DirectConnection);
}

bool Database::migrate(int targetVersion, QString *error)
{
    const QSqlDatabase db = connection();
    if (!db.isOpen()) {
        *error = QStringLiteral("Cannot open the database %1").arg(m_path);
        return false;
    }
    return runMigrations(db, builtinMigrations(), targetVersion, error);
}

int Database::schemaVersion() const
{
    return userVersion(connection());
}

bool Database::checkIntegrity(QString *report) const
{
    const QSqlDatabase db = connection();
    QSqlQuery query(db);
    QStringList findings;
    if (!Sql::run(query, QStringLiteral("PRAGMA integrity_check"))) {
        *report = query.lastError().text();
        return false;
    }
    while (query.next())
        findings << query.value(0).toString();
    bool ok = findings == QStringList{QStringLiteral("ok")};
    if (userVersion(db) >= 2) {
        QString ftsError;
        if (!Sql::execDirect(db,
                             QStringLiteral("INSERT INTO messages_fts(messages_fts) "
                                            "VALUES('integrity-check')"),
                             &ftsError)) {
            findings << QStringLiteral("full-text index: %1").arg(ftsError);
            ok = false;
        }
    }
    *report = findings.join(QLatin1Char('\n'));
    return ok;
}

} // namespace Tincan
