// bench_store: builds a 1,000,000-message history and measures what the UI waits for (first
// page, search) and what delivery needs (insert rates). Prints one JSON object; progress on
// stderr. Not a ctest test: run it by hand, see docs/performance.md.
#include "bench_store_corpus.h"
#include "bench_store_raw.h"

#include "store/conversationrepository.h"
#include "store/database.h"
#include "store/messagesearch.h"
#include "store/messagestore.h"
#include "store/outbox.h"
#include "store/peerrepository.h"
#include "store/searchindex.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Tincan;

namespace {

int batchSize = 1000; // --batch
constexpr int peerCount = 50;

QString peerId(int i)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Sha256).toHex());
}

void progress(const QString &text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

// Median wall time of fn in milliseconds, after one warm-up run.
double medianMs(int runs, const std::function<void()> &fn)
{
    fn();
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        fn();
        times.push_back(timer.nsecsElapsed() / 1e6);
    }
    return median(times);
}

double rounded(double value, int decimals = 2)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// 20% of the traffic goes to the first peer: the big conversation whose first page we load.
int pickPeer(QRandomGenerator &random)
{
    return random.generateDouble() < 0.2 ? 0 : static_cast<int>(random.bounded(peerCount));
}

std::unique_ptr<Database> createDatabase(const QString &path, const QString &self)
{
    auto db = std::make_unique<Database>(path);
    QString error;
    if (!db->migrate(&error)) {
        progress(error);
        return nullptr;
    }
    PeerRepository peers(*db);
    ConversationRepository conversations(*db, self);
    for (int i = 0; i < peerCount; ++i) {
        PeerRecord peer;
        peer.id = peerId(i);
        peer.name = QStringLiteral("Peer %1").arg(i);
        peer.isContact = true;
        peers.upsert(peer);
        conversations.direct(peer.id);
    }
    return db;
}

QList<QList<RawMessage>> makeBatches(BenchCorpus &corpus, QRandomGenerator &random, qint64 count,
                                     qint64 startMs)
{
    QList<QList<RawMessage>> batches;
    for (qint64 i = 0; i < count; i += batchSize) {
        QList<RawMessage> batch;
        for (qint64 j = i; j < std::min(count, i + batchSize); ++j) {
            const QString sender = peerId(pickPeer(random));
            batch << RawMessage{newUuid(), sender, sender, startMs + j * 1000, corpus.message()};
        }
        batches << batch;
    }
    return batches;
}

QList<IncomingMessage> toIncoming(const QList<RawMessage> &batch, const QDateTime &receivedAt)
{
    QList<IncomingMessage> messages;
    messages.reserve(batch.size());
    for (const RawMessage &m : batch) {
        IncomingMessage message;
        message.uuid = m.uuid;
        message.senderId = m.senderId;
        message.sentAt = QDateTime::fromMSecsSinceEpoch(m.sentAtMs).toUTC();
        message.receivedAt = receivedAt;
        message.body = m.body;
        messages << message;
    }
    return messages;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tincan store benchmark"));
    parser.addHelpOption();
    const QCommandLineOption messagesOption(QStringLiteral("messages"),
                                            QStringLiteral("History size (default 1000000)."),
                                            QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption compareOption(
        QStringLiteral("compare"),
        QStringLiteral("Messages for the raw-SQLite comparison and the sender pipeline (default "
                       "100000)."),
        QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption batchOption(QStringLiteral("batch"),
                                         QStringLiteral("Messages per transaction (default 1000)."),
                                         QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"), QStringLiteral("Work in DIR (kept) instead of a temporary one."),
        QStringLiteral("dir"));
    parser.addOptions({messagesOption, compareOption, batchOption, dirOption});
    parser.process(app);
    batchSize = std::max(1, parser.value(batchOption).toInt());
    const qint64 total = parser.value(messagesOption).toLongLong();
    const qint64 compareCount = parser.value(compareOption).toLongLong();

    QTemporaryDir tmp;
    const QDir dir(parser.isSet(dirOption) ? parser.value(dirOption) : tmp.path());
    dir.mkpath(QStringLiteral("."));
    const QString self(64, QLatin1Char('0'));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    BenchCorpus corpus(42);
    QRandomGenerator random(7);
    QJsonObject result;
    result.insert(QStringLiteral("messages"), total);
    result.insert(QStringLiteral("batch"), batchSize);

    // 1. The big history, one message per second of the past, in batches.
    const QString mainPath = dir.filePath(QStringLiteral("history.db"));
    auto db = createDatabase(mainPath, self);
    if (!db)
        return 1;
    MessageStore store(*db, self);
    QElapsedTimer wall;
    wall.start();
    qint64 insertNs = 0;
    const qint64 startMs = now.toMSecsSinceEpoch() - total * 1000;
    for (qint64 done = 0; done < total;) {
        const auto raw = makeBatches(corpus, random, std::min<qint64>(batchSize, total - done),
                                     startMs + done * 1000);
        const QList<IncomingMessage> batch = toIncoming(raw.constFirst(), now);
        QElapsedTimer timer;
        timer.start();
        if (!store.receiveBatch(batch))
            return 2;
        insertNs += timer.nsecsElapsed();
        done += batch.size();
        if (done % 100000 == 0)
            progress(QStringLiteral("%1 messages stored").arg(done));
    }
    // Delivery leaves the full-text index to a catch-up behind it (SearchIndex); here it runs
    // once over the whole history, as after an import.
    QElapsedTimer indexing;
    indexing.start();
    if (!SearchIndex(*db).catchUp())
        return 2;
    result.insert(QStringLiteral("index_catch_up_seconds"),
                  rounded(indexing.nsecsElapsed() / 1e9, 1));
    result.insert(QStringLiteral("build_seconds"), rounded(wall.nsecsElapsed() / 1e9, 1));
    result.insert(QStringLiteral("store_insert_rate_during_build"),
                  qRound64(total / (insertNs / 1e9)));
    result.insert(QStringLiteral("database_mb"),
                  rounded(QFileInfo(mainPath).size() / 1048576.0, 1));

    // 2. The first page of the big conversation: warm, and on a fresh connection.
    const QString big = peerId(0);
    int pageSize = 0;
    result.insert(
        QStringLiteral("first_page_ms_median"),
        rounded(
            medianMs(21,
                     [&] { pageSize = static_cast<int>(store.history(big, 50)->messages.size()); }),
            3));
    {
        Database fresh(mainPath);
        QElapsedTimer timer;
        timer.start();
        MessageStore(fresh, self).history(big, 50);
        result.insert(QStringLiteral("first_page_ms_new_connection"),
                      rounded(timer.nsecsElapsed() / 1e6, 3));
    }
    result.insert(QStringLiteral("first_page_size"), pageSize);
    result.insert(QStringLiteral("big_conversation_messages"),
                  MessageStore(*db, self).history(big, 1) ? QJsonValue(total / 5) : QJsonValue());

    // 3. Search: a frequent word, a mid-frequency word, a rare one, two words, a prefix, none.
    const QStringList queries{corpus.word(49) /* "meeting" */,
                              corpus.word(300),
                              corpus.word(15000),
                              corpus.word(56) + QLatin1Char(' ') + corpus.word(66),
                              corpus.word(70).left(5),
                              QStringLiteral("zzzqqq")};
    MessageSearch search(*db);
    QJsonArray searchResults;
    double worstSearch = 0;
    for (const QString &text : queries) {
        int hits = 0;
        const double ms = medianMs(7, [&] {
            hits = static_cast<int>(search.search({text, {}, 50, 0})->size());
        });
        worstSearch = std::max(worstSearch, ms);
        searchResults.append(QJsonObject{{QStringLiteral("query"), text},
                                         {QStringLiteral("hits"), hits},
                                         {QStringLiteral("ms_median"), rounded(ms, 3)}});
    }
    result.insert(QStringLiteral("search"), searchResults);
    result.insert(QStringLiteral("search_ms_worst_median"), rounded(worstSearch, 3));
    db.reset();

    // 4. Raw SQLite against the store, the same messages on the same schema from empty.
    progress(QStringLiteral("comparing with raw SQLite"));
    const auto compareBatches = makeBatches(corpus, random, compareCount, startMs);
    const QString rawPath = dir.filePath(QStringLiteral("raw.db"));
    createDatabase(rawPath, self).reset();
    const auto rawRate = rawSqliteInsertRate(rawPath, compareBatches);
    result.insert(QStringLiteral("raw_sqlite_insert_rate"),
                  rawRate ? QJsonValue(qRound64(*rawRate)) : QJsonValue());
    {
        auto fresh = createDatabase(dir.filePath(QStringLiteral("store.db")), self);
        MessageStore freshStore(*fresh, self);
        QList<QList<IncomingMessage>> incoming;
        for (const auto &batch : compareBatches)
            incoming << toIncoming(batch, now);
        QElapsedTimer timer;
        timer.start();
        for (const auto &batch : std::as_const(incoming))
            freshStore.receiveBatch(batch);
        const qint64 committedNs = timer.nsecsElapsed();
        // What delivery defers is still paid: the rate with the index caught up, too.
        SearchIndex(*fresh).catchUp();
        result.insert(QStringLiteral("store_insert_rate"),
                      qRound64(compareCount / (committedNs / 1e9)));
        result.insert(QStringLiteral("store_insert_rate_indexed"),
                      qRound64(compareCount / (timer.nsecsElapsed() / 1e9)));
        result.insert(QStringLiteral("compare_messages"), compareCount);

        // 5. The sending side: queue, take from the outbox, mark sent, acknowledge.
        Outbox outbox(*fresh);
        const QString to = peerId(1);
        QElapsedTimer pipeline;
        pipeline.start();
        for (qint64 done = 0; done < compareCount; done += batchSize) {
            QList<OutgoingMessage> batch;
            for (int i = 0; i < batchSize; ++i)
                batch << OutgoingMessage{
                    to, QStringLiteral("outgoing %1").arg(done + i), {}, {}, {}, {}};
            freshStore.sendBatch(batch);
            const auto due = outbox.pendingFor(to, batchSize);
            QList<qint64> ids;
            QList<OutboxAck> acks;
            for (const OutboxEntry &entry : *due) {
                ids << entry.id;
                acks << OutboxAck{entry.messageUuid, entry.kind};
            }
            outbox.markAttempted(ids, now.addSecs(30));
            outbox.acknowledge(to, acks);
        }
        result.insert(QStringLiteral("send_pipeline_rate"),
                      qRound64(compareCount / (pipeline.nsecsElapsed() / 1e9)));
        if (outbox.pendingCount() != 0)
            return 3;
    }

    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return 0;
}
