#include "storetestutil.h"

#include "store/migrations.h"
#include "store/peerrepository.h"
#include "store/searchindex.h"
#include "store/transaction.h"

#include <QFile>
#include <QSqlError>
#include <QThread>

using namespace Tincan;
using namespace StoreTest;

class TestDatabase : public QObject
{
    Q_OBJECT

private:
    static QStringList tables(const Database &db)
    {
        QSqlQuery query(db.connection());
        query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                                  "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%' "
                                  "ORDER BY name"));
        QStringList names;
        while (query.next())
            names << query.value(0).toString();
        return names;
    }

    static QString pragma(const Database &db, const QString &name)
    {
        QSqlQuery query(db.connection());
        if (!query.exec(QStringLiteral("PRAGMA ") + name) || !query.next())
            return {};
        return query.value(0).toString();
    }

private Q_SLOTS:
    void migratesFromEmpty()
    {
        QTemporaryDir tmp;
        Database db(tmp.filePath(Database::fileName()));
        QCOMPARE(db.schemaVersion(), 0);
        QString error;
        QVERIFY2(db.migrate(&error), qPrintable(error));
        QCOMPARE(db.schemaVersion(), Database::latestVersion);
        // Later migrations (other areas) may add tables; these are the store's own.
        const QStringList all = tables(db);
        for (const QString &table : QStringLiteral("conversations group_members messages "
                                                   "messages_fts outbox peers receipts")
                                        .split(QLatin1Char(' ')))
            QVERIFY2(all.contains(table), qPrintable(table));
        // Idempotent: a second run changes nothing.
        QVERIFY2(db.migrate(&error), qPrintable(error));
        QCOMPARE(db.schemaVersion(), Database::latestVersion);
    }

    void pragmasAreApplied()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        QCOMPARE(pragma(*db, QStringLiteral("journal_mode")), QStringLiteral("wal"));
        QCOMPARE(pragma(*db, QStringLiteral("foreign_keys")), QStringLiteral("1"));
        QCOMPARE(pragma(*db, QStringLiteral("synchronous")), QStringLiteral("1")); // NORMAL
        QCOMPARE(pragma(*db, QStringLiteral("busy_timeout")), QStringLiteral("5000"));
        QVERIFY(QFile::exists(db->path() + QStringLiteral("-wal")));
        QCOMPARE(QFile::permissions(db->path()) & 0x0077, QFileDevice::Permissions());

        // Foreign keys are enforced, not merely declared.
        QSqlQuery query(db->connection());
        QVERIFY(!query.exec(QStringLiteral(
            "INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, sender_ts, "
            "received_at, state) VALUES ('u', 'no-such-conversation', 'x', 0, 1, 1, 2)")));
        QVERIFY(query.lastError().text().contains(QStringLiteral("FOREIGN KEY")));
    }

    void fts5IsAvailable()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        QSqlQuery version(db->connection());
        QVERIFY(version.exec(QStringLiteral("SELECT sqlite_version()")) && version.next());
        qInfo("SQLite %s", qPrintable(version.value(0).toString()));
        QCOMPARE(count(*db, QStringLiteral("SELECT sqlite_compileoption_used('ENABLE_FTS5')")), 1);
        QCOMPARE(count(*db, QStringLiteral("SELECT count(*) FROM messages_fts "
                                           "WHERE messages_fts MATCH 'anything'")),
                 0);
    }

    // Version 6 indexed every message in its insert trigger; version 7 starts its mark past
    // them, so nothing is indexed twice and nothing is missed.
    void upgradesVersion6WithItsIndexIntact()
    {
        QTemporaryDir tmp;
        {
            const auto db = openDatabase(tmp, 6);
            MessageStore store(*db, self);
            store.setAcceptEveryone(true);
            QVERIFY(store.receive(incoming(alice, QStringLiteral("indexed by version six")))
                        .committed());
            QVERIFY(store.send(outgoing(alice, QStringLiteral("also by version six"))));
        }
        const auto db = openDatabase(tmp);
        QCOMPARE(db->schemaVersion(), Database::latestVersion);
        SearchIndex index(*db);
        QCOMPARE(index.pending(), 0);
        QCOMPARE(count(*db, QStringLiteral("SELECT count(*) FROM messages_fts_docsize")), 2);
        MessageStore store(*db, self);
        QVERIFY(store.send(outgoing(alice, QStringLiteral("new in version seven"))));
        QCOMPARE(index.pending(), 1);
        QCOMPARE(index.indexBatch(), 1);
        QString report;
        QVERIFY2(db->checkIntegrity(&report), qPrintable(report));
    }

    void upgradesVersion1WithDataIntact()
    {
        QTemporaryDir tmp;
        PeerRecord peer;
        peer.id = alice;
        peer.name = QStringLiteral("Alice");
        peer.alias = QStringLiteral("Al");
        peer.trust = Trust::Verified;
        peer.certificate = QByteArray("\x30\x82\x01\x0a\x00\xff", 6);
        peer.addresses = {QStringLiteral("192.168.1.5:4000"), QStringLiteral("[fe80::1]:4000")};
        peer.lastSeen = QDateTime::fromMSecsSinceEpoch(1700000000123).toUTC();
        peer.avatar = QByteArray(1000, '\x7f');
        peer.isContact = true;
        {
            const auto db = openDatabase(tmp, 1);
            QCOMPARE(db->schemaVersion(), 1);
            QCOMPARE(tables(*db), QStringList{QStringLiteral("peers")});
            // As version 1 wrote it: today's repository knows columns version 1 lacks.
            QSqlQuery insert(db->connection());
            insert.prepare(QStringLiteral(
                "INSERT INTO peers (id, name, alias, trust, certificate, addresses, last_seen, "
                "avatar, is_contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            for (const QVariant &value :
                 {QVariant(peer.id), QVariant(peer.name), QVariant(peer.alias),
                  QVariant(int(peer.trust)), QVariant(peer.certificate),
                  QVariant(QStringLiteral(R"(["192.168.1.5:4000","[fe80::1]:4000"])")),
                  QVariant(peer.lastSeen.toMSecsSinceEpoch()), QVariant(peer.avatar), QVariant(1)})
                insert.addBindValue(value);
            QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        }
        const auto db = openDatabase(tmp);
        QCOMPARE(db->schemaVersion(), Database::latestVersion);
        const auto found = PeerRepository(*db).find(alice);
        QVERIFY(found);
        QCOMPARE(found->name, peer.name);
        QCOMPARE(found->alias, peer.alias);
        QCOMPARE(found->trust, peer.trust);
        QCOMPARE(found->certificate, peer.certificate);
        QCOMPARE(found->addresses, peer.addresses);
        QCOMPARE(found->lastSeen, peer.lastSeen);
        QCOMPARE(found->avatar, peer.avatar);
        QCOMPARE(found->isContact, true);
        // The new tables work with the old data.
        MessageStore store(*db, self);
        QCOMPARE(store.receive(incoming(alice, QStringLiteral("hello"))).status,
                 ReceiveStatus::Stored);
    }

    void failedMigrationRollsBack()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        QList<Migration> migrations = builtinMigrations();
        migrations << Migration{Database::latestVersion + 1,
                                QStringLiteral("broken"),
                                {QStringLiteral("CREATE TABLE half_done (x)"),
                                 QStringLiteral("INSERT INTO no_such_table VALUES (1)")}};
        QString error;
        QVERIFY(!runMigrations(db->connection(), migrations, Database::latestVersion + 1, &error));
        const QString expected =
            QStringLiteral("migration %1 (broken) failed").arg(Database::latestVersion + 1);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("no_such_table")), qPrintable(error));
        QCOMPARE(db->schemaVersion(), Database::latestVersion);
        QVERIFY(!tables(*db).contains(QStringLiteral("half_done")));
        QString report;
        QVERIFY2(db->checkIntegrity(&report), qPrintable(report));
    }

    void refusesNewerDatabase()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        QVERIFY(QSqlQuery(db->connection()).exec(QStringLiteral("PRAGMA user_version = 99")));
        QString error;
        QVERIFY(!db->migrate(&error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QCOMPARE(db->schemaVersion(), 99);
    }

    void connectionsArePerThread()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        const QString mainName = db->connection().connectionName();
        QCOMPARE(db->connection().connectionName(), mainName); // reused, not reopened

        QString threadName;
        bool wroteInThread = false;
        QString threadJournal;
        QThread *thread = QThread::create([&] {
            const QSqlDatabase conn = db->connection();
            threadName = conn.connectionName();
            {
                QSqlQuery query(conn);
                if (query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next())
                    threadJournal = query.value(0).toString();
            }
            wroteInThread = PeerRepository(*db).recordSeen(bob, QStringLiteral("Bob"),
                                                           QStringLiteral("10.0.0.2:1"),
                                                           QDateTime::currentDateTimeUtc());
        });
        thread->start();
        QVERIFY(thread->wait(10000));
        delete thread;

        QVERIFY(wroteInThread);
        QVERIFY(!threadName.isEmpty());
        QVERIFY(threadName != mainName);
        QCOMPARE(threadJournal, QStringLiteral("wal"));
        QVERIFY2(!QSqlDatabase::contains(threadName), "closed when its thread finished");
        const auto seen = PeerRepository(*db).find(bob);
        QVERIFY(seen);
        QCOMPARE(seen->name, QStringLiteral("Bob"));
    }

    void concurrentWritersDoNotFail()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        MessageStore store(*db, self);
        constexpr int perThread = 200;
        for (const QString &sender : {alice, bob, carol}) { // more than a message request holds
            QVERIFY(PeerRepository(*db).recordSeen(sender, QStringLiteral("s"), {}, {}));
            QVERIFY(PeerRepository(*db).setContact(sender, true));
        }
        QList<QThread *> threads;
        QAtomicInt stored = 0;
        for (const QString &sender : {alice, bob, carol}) {
            threads << QThread::create([&, sender] {
                for (int i = 0; i < perThread; ++i) {
                    if (store.receive(incoming(sender, QStringLiteral("m%1").arg(i))).status ==
                        ReceiveStatus::Stored)
                        stored.fetchAndAddRelaxed(1);
                }
            });
            threads.last()->start();
        }
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
        QCOMPARE(stored.loadRelaxed(), 3 * perThread);
        QCOMPARE(count(*db, QStringLiteral("SELECT count(*) FROM messages")), 3 * perThread);
        QCOMPARE(count(*db, QStringLiteral("SELECT sum(unread) FROM conversations")),
                 3 * perThread);
    }

    void nestedTransactionRollsBackOnlyItself()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        PeerRepository peers(*db);
        {
            Transaction outer(db->connection());
            QVERIFY(outer.isActive());
            QVERIFY(peers.recordSeen(alice, QStringLiteral("A"), {}, {}));
            {
                Transaction inner(db->connection());
                QVERIFY(inner.isActive());
                QVERIFY(peers.recordSeen(bob, QStringLiteral("B"), {}, {}));
            } // rolled back
            QVERIFY(outer.commit());
        }
        QVERIFY(peers.find(alice));
        QVERIFY(!peers.find(bob));
    }

    void integrityCheckPasses()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        MessageStore store(*db, self);
        for (int i = 0; i < 50; ++i)
            store.receive(incoming(alice, QStringLiteral("message %1").arg(i)));
        QString report;
        QVERIFY2(db->checkIntegrity(&report), qPrintable(report));
        QCOMPARE(report, QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_store_database.moc"
