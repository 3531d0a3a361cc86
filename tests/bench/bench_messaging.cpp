// Message latency and throughput between two in-process nodes on loopback, each next to the
// physical baseline measured in the same run: a raw TLS 1.3 QSslSocket ping-pong for latency,
// and raw batched SQLite inserts for throughput. Prints one JSON object.
//
// The durable round-trip limit is what a persisted round trip cannot go below: the raw TLS
// ping-pong plus its three commits, each measured raw with the store's settings. The measured
// latency starts before the sender's own commit (message and outbox row), which a durable send
// cannot skip, then the receiver's insert, then the sender's state change on the ack.
//
// Throughput is measured with sendTexts batches of 500 (the figure) and with one sendText per
// message (a quarter of N). Both nodes share this thread, so each message is paid for twice:
// stored on the sender and on the receiver.
//
// Usage: bench_messaging [--messages N] [--pings N]
#include "chat/messenger.h"
#include "crypto/identity.h"
#include "net/frame.h"
#include "net/sessionmanager.h"
#include "net/tlsconfig.h"
#include "rawsqlite.h"
#include "rawtlspair.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

#include <algorithm>

using namespace Tincan;

namespace {

// The floor for a request/response over TLS on this machine: one small frame each way.
QList<double> rawTlsPingPong(int pings)
{
    RawTlsPair pair;
    if (!pair.open())
        return {};
    QSslSocket &client = pair.client;
    QSslSocket *peer = pair.peer;
    const QByteArray frame = encodeFrame(QCborMap{{QStringLiteral("t"), QStringLiteral("ping")}});
    QObject::connect(peer, &QSslSocket::readyRead, peer, [peer, frame] {
        peer->readAll();
        peer->write(frame);
    });
    QList<double> samples;
    bool answered = false;
    QObject::connect(&client, &QSslSocket::readyRead, &client, [&] {
        client.readAll();
        answered = true;
    });
    for (int i = 0; i < pings; ++i) {
        answered = false;
        QElapsedTimer t;
        t.start();
        client.write(frame);
        while (!answered)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        samples.append(t.nsecsElapsed() / 1e6);
    }
    return samples;
}

// Connected, and each a contact of the other: a stranger's messages wait as a request of at
// most 100, which would stop the throughput runs (they measure chat between people who know
// each other).
bool link(TestNode &a, TestNode &b)
{
    QString error;
    a->connectTo(b.address(), &error);
    return QTest::qWaitFor(
               [&] {
                   return a->sessions().isConnected(b.id()) && b->sessions().isConnected(a.id());
               },
               10000) &&
           a->peers().setContact(b.id(), true) && b->peers().setContact(a.id(), true);
}

// Send → stored on A → over TLS → committed on B → ack → Delivered stored on A.
QList<double> messageLatency(TestNode &a, TestNode &b, int count)
{
    QList<double> samples;
    QString error;
    QString waiting;
    QElapsedTimer t;
    bool delivered = false;
    auto connection =
        QObject::connect(&a->messenger(), &Messenger::messageStateChanged, &a->messenger(),
                         [&](const QString &uuid, MessageState state) {
                             if (uuid == waiting && state == MessageState::Delivered)
                                 delivered = true;
                         });
    for (int i = 0; i < count; ++i) {
        delivered = false;
        t.start();
        const auto m =
            a->messenger().sendText(b.id(), QStringLiteral("ping %1").arg(i), {}, &error);
        waiting = m->uuid;
        while (!delivered)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        samples.append(t.nsecsElapsed() / 1e6);
    }
    QObject::disconnect(connection);
    return samples;
}

bool drained(TestNode &a, TestNode &b)
{
    return QTest::qWaitFor([&] { return a->messenger().outbox().pendingCount(b.id()) == 0; },
                           600000);
}

// One sendText call (one transaction) per message, as a person typing or a naive script does.
double throughputSingle(TestNode &a, TestNode &b, int count)
{
    QString error;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < count; ++i) {
        a->messenger().sendText(
            b.id(), QStringLiteral("message number %1 with a typical short body").arg(i), {},
            &error);
        if (i % 200 == 0)
            QCoreApplication::processEvents();
    }
    return drained(a, b) ? count / (t.nsecsElapsed() / 1e9) : 0;
}

// sendTexts in batches: one transaction per batch on the sender, as the receiver already does.
double throughputBatched(TestNode &a, TestNode &b, int count, int batch)
{
    QString error;
    QElapsedTimer t;
    t.start();
    for (int done = 0; done < count; done += batch) {
        QStringList texts;
        for (int i = done; i < std::min(count, done + batch); ++i)
            texts.append(QStringLiteral("message number %1 with a typical short body").arg(i));
        if (!a->messenger().sendTexts(b.id(), texts, &error))
            qFatal("sendTexts: %s", qPrintable(error));
        QCoreApplication::processEvents();
    }
    return drained(a, b) ? count / (t.nsecsElapsed() / 1e9) : 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("tincan.*.info=false"));
    QCommandLineParser parser;
    const QCommandLineOption messagesOption(QStringLiteral("messages"),
                                            QStringLiteral("Throughput run size."),
                                            QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption pingsOption(QStringLiteral("pings"),
                                         QStringLiteral("Latency samples."), QStringLiteral("N"),
                                         QStringLiteral("1000"));
    parser.addOptions({messagesOption, pingsOption});
    parser.process(app);
    const int messages = parser.value(messagesOption).toInt();
    const int pings = parser.value(pingsOption).toInt();

    const QList<double> raw = rawTlsPingPong(pings);
    TestNode a(QStringLiteral("A")), b(QStringLiteral("B"));
    if (!link(a, b))
        qFatal("nodes did not connect");
    const QList<double> latency = messageLatency(a, b, pings);
    const double sqliteRate = rawSqliteInsertsPerSecond(messages);
    const RawCommitLatency commit = rawSqliteCommitLatency(pings);
    const double durableLimit = percentile(raw, 0.5) + 2 * commit.insertMs + commit.updateMs;
    const double single = throughputSingle(a, b, messages / 4);
    const double rate = throughputBatched(a, b, messages, 500);

    QJsonObject out;
    out.insert(QStringLiteral("raw_tls_pingpong_p50_ms"), percentile(raw, 0.5));
    out.insert(QStringLiteral("raw_tls_pingpong_p99_ms"), percentile(raw, 0.99));
    out.insert(QStringLiteral("message_latency_p50_ms"), percentile(latency, 0.5));
    out.insert(QStringLiteral("message_latency_p99_ms"), percentile(latency, 0.99));
    out.insert(QStringLiteral("latency_p50_ratio_to_raw"),
               percentile(latency, 0.5) / percentile(raw, 0.5));
    out.insert(QStringLiteral("raw_sqlite_insert_commit_p50_ms"), commit.insertMs);
    out.insert(QStringLiteral("raw_sqlite_update_commit_p50_ms"), commit.updateMs);
    out.insert(QStringLiteral("durable_limit_ms"), durableLimit);
    out.insert(QStringLiteral("latency_p50_ratio_to_durable_limit"),
               percentile(latency, 0.5) / durableLimit);
    out.insert(QStringLiteral("messages_per_second_delivered_persisted"), rate);
    out.insert(QStringLiteral("messages_per_second_one_send_per_message"), single);
    out.insert(QStringLiteral("raw_sqlite_batched_inserts_per_second"), sqliteRate);
    out.insert(QStringLiteral("throughput_ratio_to_raw_sqlite"), rate / sqliteRate);
    out.insert(QStringLiteral("messages"), messages);
    out.insert(QStringLiteral("pings"), pings);
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
