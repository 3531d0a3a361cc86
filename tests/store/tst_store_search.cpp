#include "storetestutil.h"

#include "store/conversationrepository.h"
#include "store/historyexport.h"
#include "store/messagesearch.h"
#include "store/peerrepository.h"
#include "store/searchindex.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Tincan;
using namespace StoreTest;

// Full-text search and export: both read whole conversations back.
class TestSearch : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<MessageStore> m_store;

    QStringList bodiesFound(const QString &text, const QString &conversation = {})
    {
        const auto hits = MessageSearch(*m_db).search({text, conversation, 50, 0});
        if (!hits)
            return {QStringLiteral("<error>")};
        QStringList bodies;
        for (const SearchHit &hit : *hits)
            bodies << hit.message.body;
        return bodies;
    }

    // Documents in the FTS5 index (its docsize shadow table has one row per indexed message).
    qint64 indexedRows() const
    {
        return count(*m_db, QStringLiteral("SELECT count(*) FROM messages_fts_docsize"));
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_db = openDatabase(*m_tmp);
        m_store = std::make_unique<MessageStore>(*m_db, self);
        m_store->setAcceptEveryone(true);
        PeerRepository(*m_db).recordSeen(alice, QStringLiteral("Alice"), {}, {});
    }

    void cleanup()
    {
        QString report;
        QVERIFY2(m_db->checkIntegrity(&report), qPrintable(report));
        m_store.reset();
        m_db.reset();
        m_tmp.reset();
    }

    void findsWordsWithSnippets()
    {
        m_store->receive(incoming(alice, QStringLiteral("The quick brown fox jumps")));
        m_store->receive(incoming(bob, QStringLiteral("A lazy dog <script>sleeps</script>")));
        m_store->send(outgoing(alice, QStringLiteral("Crème brûlée for the FOX?")));

        QCOMPARE(bodiesFound(QStringLiteral("fox")),
                 (QStringList{QStringLiteral("Crème brûlée for the FOX?"),
                              QStringLiteral("The quick brown fox jumps")})); // newest first
        QCOMPARE(bodiesFound(QStringLiteral("fox"), alice).size(), 2);
        QCOMPARE(bodiesFound(QStringLiteral("fox"), bob).size(), 0);
        QCOMPARE(bodiesFound(QStringLiteral("quick fox")).size(), 1);    // every word must match
        QCOMPARE(bodiesFound(QStringLiteral("jum")).size(), 1);          // the last is a prefix
        QCOMPARE(bodiesFound(QStringLiteral("creme brulee")).size(), 1); // diacritics folded
        QCOMPARE(bodiesFound(QStringLiteral("cat")).size(), 0);

        const auto hits = MessageSearch(*m_db).search({QStringLiteral("quick"), {}, 10, 0});
        QCOMPARE(hits->size(), 1);
        const QString start{QChar(MessageSearch::highlightStart)};
        const QString end{QChar(MessageSearch::highlightEnd)};
        QVERIFY2(hits->first().snippet.contains(start + QStringLiteral("quick") + end),
                 qPrintable(hits->first().snippet));
        QVERIFY(hits->first().snippetHtml().contains(QStringLiteral("<b>quick</b>")));

        const auto dog = MessageSearch(*m_db).search({QStringLiteral("sleeps"), {}, 10, 0});
        QVERIFY2(dog->first().snippetHtml().contains(QStringLiteral("&lt;script&gt;")),
                 qPrintable(dog->first().snippetHtml()));
    }

    void hostileQueriesAreSafe_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *text : {"foo\"",
                                 "AND (",
                                 "\"",
                                 "*",
                                 "NEAR(",
                                 "a OR",
                                 ")",
                                 "-",
                                 "^foo",
                                 "body:foo",
                                 "'",
                                 "\\",
                                 "foo AND",
                                 "NOT",
                                 "\"\"\"",
                                 "{body}: x",
                                 "x + y",
                                 "a*b",
                                 "😀",
                                 "",
                                 "   ",
                                 "foo\" OR \"bar",
                                 "\u00e9t\u00e9 NEAR/3 x"})
            QTest::newRow(text) << QString::fromUtf8(text);
        // A NUL would end FTS5's query inside a quoted term (found by fuzz_bridge_request).
        const QString nul(QChar::Null);
        QTest::newRow("NUL inside a word") << QString(QStringLiteral("fo") + nul + u'o');
        QTest::newRow("NUL alone") << nul;
        QTest::newRow("NUL after a quote") << QString(QStringLiteral("foo\"") + nul);
    }

    void hostileQueriesAreSafe()
    {
        QFETCH(QString, text);
        m_store->receive(incoming(alice, QStringLiteral("foo bar AND NOT near body a b x y")));
        const auto hits = MessageSearch(*m_db).search({text, {}, 10, 0});
        QVERIFY2(hits.has_value(), qPrintable(MessageSearch::matchExpression(text)));
    }

    // A NUL separates words, as any other character the tokenizer does not keep.
    void nulSeparatesWords()
    {
        m_store->receive(incoming(alice, QStringLiteral("foo bar")));
        QCOMPARE(bodiesFound(QStringLiteral("foo") + QChar(QChar::Null) + QStringLiteral("bar")),
                 QStringList{QStringLiteral("foo bar")});
    }

    void searchFollowsEditsAndDeletes()
    {
        const IncomingMessage message = incoming(alice, QStringLiteral("original wording"));
        m_store->receive(message);
        QCOMPARE(bodiesFound(QStringLiteral("original")).size(), 1);
        QCOMPARE(m_store->edit(message.uuid, alice, QStringLiteral("revised wording")),
                 ChangeResult::Applied);
        QCOMPARE(bodiesFound(QStringLiteral("original")).size(), 0);
        QCOMPARE(bodiesFound(QStringLiteral("revised")).size(), 1);
        QCOMPARE(m_store->remove(message.uuid, alice), ChangeResult::Applied);
        QCOMPARE(bodiesFound(QStringLiteral("wording")).size(), 0);
    }

    // Delivery commits a message without indexing it; SearchIndex catches up in batches, and
    // a search catches up first, so it still finds what was just committed.
    void aCommitLeavesIndexingToTheCatchUp()
    {
        SearchIndex index(*m_db);
        m_store->receive(incoming(alice, QStringLiteral("unindexed so far")));
        QCOMPARE(index.pending(), 1);
        QCOMPARE(indexedRows(), 0);
        QCOMPARE(bodiesFound(QStringLiteral("unindexed")),
                 QStringList{QStringLiteral("unindexed so far")});
        QCOMPARE(index.pending(), 0);
        QCOMPARE(indexedRows(), 1);
        QCOMPARE(index.indexBatch(), 0); // nothing left: the next batch is empty
    }

    void batchesStopAtTheirLimit()
    {
        QList<IncomingMessage> batch;
        for (int i = 0; i < 30; ++i)
            batch << incoming(alice, QStringLiteral("row %1").arg(i));
        QVERIFY(m_store->receiveBatch(batch));
        SearchIndex index(*m_db);
        QCOMPARE(index.indexBatch(12), 12);
        QCOMPARE(index.pending(), 18);
        QCOMPARE(index.indexBatch(12), 12);
        QCOMPARE(index.indexBatch(12), 6);
        QCOMPARE(index.indexBatch(12), 0);
        QCOMPARE(indexedRows(), 30);
    }

    // Edits, deletions and retention of rows the index has not reached yet must not touch it
    // (an external-content 'delete' of a row never indexed corrupts FTS5); the catch-up then
    // indexes what the row holds by then. cleanup() runs the FTS5 integrity check.
    void changesBeforeIndexingKeepTheIndexWhole()
    {
        const IncomingMessage edited = incoming(alice, QStringLiteral("draft wording"));
        const IncomingMessage removed = incoming(alice, QStringLiteral("regrettable wording"));
        const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-400);
        m_store->receive(edited);
        m_store->receive(removed);
        m_store->receive(incoming(alice, QStringLiteral("ancient wording"), old));
        QCOMPARE(m_store->edit(edited.uuid, alice, QStringLiteral("final wording")),
                 ChangeResult::Applied);
        QCOMPARE(m_store->remove(removed.uuid, alice), ChangeResult::Applied);
        QCOMPARE(m_store->applyRetention(365), 1);
        QCOMPARE(indexedRows(), 0);
        QCOMPARE(bodiesFound(QStringLiteral("wording")),
                 QStringList{QStringLiteral("final wording")});
        QCOMPARE(bodiesFound(QStringLiteral("draft")), QStringList{});
        // Once indexed, the same changes go through the triggers.
        QCOMPARE(m_store->edit(edited.uuid, alice, QStringLiteral("last wording")),
                 ChangeResult::Applied);
        QCOMPARE(bodiesFound(QStringLiteral("final")), QStringList{});
        QCOMPARE(bodiesFound(QStringLiteral("last")), QStringList{QStringLiteral("last wording")});
    }

    void pagesThroughHits()
    {
        QList<IncomingMessage> batch;
        for (int i = 0; i < 30; ++i)
            batch << incoming(alice, QStringLiteral("needle %1").arg(i));
        m_store->receiveBatch(batch);
        MessageSearch search(*m_db);
        SearchQuery query{QStringLiteral("needle"), {}, 12, 0};
        QSet<qint64> seen;
        for (;;) {
            const auto hits = search.search(query);
            QVERIFY(hits);
            if (hits->isEmpty())
                break;
            for (const SearchHit &hit : *hits)
                seen.insert(hit.message.seq);
            query.beforeSeq = hits->last().message.seq;
        }
        QCOMPARE(seen.size(), 30);
    }

    void exportsJsonAndText()
    {
        const QDateTime at =
            QDateTime::fromString(QStringLiteral("2024-05-01T14:03:12Z"), Qt::ISODate);
        const IncomingMessage first = incoming(alice, QStringLiteral("hello\nsecond line"), at);
        m_store->receive(first);
        OutgoingMessage reply = outgoing(alice, QStringLiteral("hi \"Alice\""));
        reply.sentAt = at.addSecs(60);
        reply.replyTo = first.uuid;
        const auto sent = m_store->send(reply);
        const IncomingMessage gone = incoming(alice, QStringLiteral("oops"), at.addSecs(120));
        m_store->receive(gone);
        m_store->remove(gone.uuid, alice);

        HistoryExport exporter(*m_db, self, [this](const QString &id) {
            return id == self ? QStringLiteral("Me")
                              : PeerRepository(*m_db).find(id)->displayName();
        });
        const auto json = exporter.toJson(alice);
        QVERIFY(json);
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(*json, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("tincan-history"));
        const QJsonObject head = root.value(QStringLiteral("conversation")).toObject();
        QCOMPARE(head.value(QStringLiteral("id")).toString(), alice);
        const QJsonArray messages = root.value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 3);
        const QJsonObject firstJson = messages.at(0).toObject();
        QCOMPARE(firstJson.value(QStringLiteral("body")).toString(), first.body);
        QCOMPARE(firstJson.value(QStringLiteral("senderName")).toString(), QStringLiteral("Alice"));
        QCOMPARE(firstJson.value(QStringLiteral("sentAt")).toString(),
                 QStringLiteral("2024-05-01T14:03:12.000Z"));
        const QJsonObject replyJson = messages.at(1).toObject();
        QCOMPARE(replyJson.value(QStringLiteral("replyTo")).toString(), first.uuid);
        QCOMPARE(replyJson.value(QStringLiteral("outgoing")).toBool(), true);
        QCOMPARE(replyJson.value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        QCOMPARE(replyJson.value(QStringLiteral("uuid")).toString(), sent->uuid);
        QCOMPARE(messages.at(2).toObject().value(QStringLiteral("deleted")).toBool(), true);

        const auto text = exporter.toText(alice);
        QVERIFY(text);
        QCOMPARE(QString::fromUtf8(*text),
                 QStringLiteral("[2024-05-01 14:03:12 UTC] Alice: hello\n"
                                "    second line\n"
                                "[2024-05-01 14:04:12 UTC] Me: hi \"Alice\"\n"
                                "[2024-05-01 14:05:12 UTC] Alice: (message deleted)\n"));
        QVERIFY(!exporter.toJson(QStringLiteral("unknown")));
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_store_search.moc"
