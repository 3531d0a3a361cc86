// The per-connection statement cache (store/statement.h): reuse, nesting, released reads and
// connections that close underneath it.
#include "storetestutil.h"

#include "store/statement.h"

#include <QSqlError>

using namespace Tincan;
using namespace StoreTest;

class TestStatement : public QObject
{
    Q_OBJECT

private:
    static bool addPeer(const Database &db, const QString &id)
    {
        Sql::Statement insert(db.connection(), QStringLiteral("INSERT INTO peers (id) VALUES (?)"));
        return insert.exec({id});
    }

private Q_SLOTS:
    void theSecondUseReusesThePreparedStatement()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        const QString sql = QStringLiteral("SELECT count(*) FROM peers WHERE id <> ?");
        const QSqlQuery *first = nullptr;
        {
            Sql::Statement statement(db->connection(), sql);
            QVERIFY(statement.isPrepared());
            first = &statement.query();
        }
        Sql::Statement again(db->connection(), sql);
        QCOMPARE(&again.query(), first);
        QVERIFY(again.exec({alice}));
        QVERIFY(again.next());
        QCOMPARE(again.value(0).toInt(), 0);
    }

    void aNestedUseGetsItsOwnStatement()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        QVERIFY(addPeer(*db, alice));
        QVERIFY(addPeer(*db, bob));
        const QString sql = QStringLiteral("SELECT id FROM peers WHERE id >= ? ORDER BY id");
        Sql::Statement outer(db->connection(), sql);
        QVERIFY(outer.exec({QString()}));
        QStringList seen;
        while (outer.next()) {
            Sql::Statement inner(db->connection(), sql);
            QVERIFY(&inner.query() != &outer.query());
            QVERIFY(inner.exec({outer.value(0)}));
            QVERIFY(inner.next());
            seen << inner.value(0).toString();
        }
        QCOMPARE(seen, (QStringList{alice, bob}));
    }

    // A SELECT left on a row holds a read snapshot; the statement must let go of it when it
    // goes out of scope, or this connection stops seeing what others commit.
    void anAbandonedReadDoesNotPinASnapshot()
    {
        QTemporaryDir tmp;
        const auto reader = openDatabase(tmp);
        Database writer(reader->path());
        QVERIFY(addPeer(*reader, alice));
        QVERIFY(addPeer(*reader, bob));
        {
            Sql::Statement rows(reader->connection(), QStringLiteral("SELECT id FROM peers"));
            QVERIFY(rows.exec());
            QVERIFY(rows.next()); // one of two rows read, then abandoned
        }
        QVERIFY(addPeer(writer, carol));
        Sql::Statement total(reader->connection(), QStringLiteral("SELECT count(*) FROM peers"));
        QVERIFY(total.exec());
        QVERIFY(total.next());
        QCOMPARE(total.value(0).toInt(), 3);
    }

    // Closing a connection finalizes its statements; the reopened one prepares them again.
    void aReopenedConnectionPreparesAgain()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        QVERIFY(addPeer(*db, alice));
        db->connection().close();
        QVERIFY(addPeer(*db, bob));
        QCOMPARE(count(*db, QStringLiteral("SELECT count(*) FROM peers")), 2);
    }

    // A statement on a closed connection fails and leaves nothing behind: no cache entry
    // would ever be dropped for a connection that stays closed.
    void aClosedConnectionCachesNothing()
    {
        QSqlDatabase closed =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("never-opened"));
        const qsizetype before = Sql::cachedConnections();
        {
            Sql::Statement statement(closed, QStringLiteral("SELECT 1"));
            QVERIFY(!statement.isPrepared());
        }
        QCOMPARE(Sql::cachedConnections(), before);
        closed = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("never-opened"));
    }

    void aBadStatementFailsWithoutBeingCached()
    {
        QTemporaryDir tmp;
        const auto db = openDatabase(tmp);
        const QString sql = QStringLiteral("SELECT no_such_column FROM peers");
        for (int i = 0; i < 2; ++i) {
            Sql::Statement bad(db->connection(), sql);
            QVERIFY(!bad.isPrepared());
            QVERIFY(!bad.exec());
            QVERIFY(bad->lastError().isValid());
        }
    }
};

QTEST_GUILESS_MAIN(TestStatement)
#include "tst_store_statement.moc"
