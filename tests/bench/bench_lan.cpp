// A LAN of hundreds (#20): N in-process nodes with discovery on in one network namespace
// (run it with tests/netns-run.sh), for N = 20, 50, 100, 200 by default. For each size it
// reports how long until every node lists every other as nearby, the idle CPU and memory per
// node, discovery traffic per node and minute at the default 30 s interval, the sessions each
// node keeps (ReachPolicy), and how long a first message to a nearby peer without a session
// takes until the recipient has stored it. Prints one JSON object. The idle window is 60 s by
// default: two announce rounds of every node, so traffic per minute is counted, not scaled.
#include "chat/messenger.h"
#include "discovery/discoveryservice.h"
#include "net/sessionmanager.h"
#include "privatenetwork.h"
#include "testnode.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTest>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Tincan;
using namespace std::chrono_literals;

namespace {

using Nodes = std::vector<std::unique_ptr<TestNode>>;

qint64 rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Traffic
{
    double sent = 0, bytesSent = 0, received = 0, bytesReceived = 0;
};

Traffic traffic(const Nodes &nodes)
{
    Traffic t;
    for (const auto &node : nodes) {
        const auto s = (*node)->discovery()->stats();
        t.sent += double(s.datagramsSent);
        t.bytesSent += double(s.bytesSent);
        t.received += double(s.datagramsReceived);
        t.bytesReceived += double(s.bytesReceived);
    }
    return t;
}

// A first message from a to b, which have no session: until b has stored it. An event loop
// that quits on the arrival, not QTest::qWaitFor, which sleeps 10 ms between its rounds.
double firstMessageMs(TestNode &a, TestNode &b)
{
    QEventLoop loop;
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    QString uuid;
    bool arrived = false;
    const auto connection = QObject::connect(&b->messenger(), &Messenger::messageAdded, &loop,
                                             [&](const MessageRecord &message) {
                                                 if (!message.outgoing && message.uuid == uuid) {
                                                     arrived = true;
                                                     loop.quit();
                                                 }
                                             });
    QElapsedTimer clock;
    clock.start();
    QString error;
    const auto sent = a->sendText(b.id(), QStringLiteral("hello, nearby"), {}, &error);
    if (!sent)
        qFatal("send: %s", qPrintable(error));
    uuid = sent->uuid; // nothing arrives before the loop runs
    loop.exec();
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    QObject::disconnect(connection);
    return arrived ? ms : -1;
}

QJsonObject measure(int count, int idleSeconds, int dialEveryoneUpTo, quint16 port)
{
    NodeConfig config = TestNode::defaultConfig();
    config.discovery = true;
    config.discoveryPort = port;
    config.discoveryLimits.dialEveryoneUpTo = dialEveryoneUpTo;
    // All nodes send from 127.0.0.1: give that one source the budget of `count` hosts.
    config.discoveryLimits.datagramsPerSecondPerSource *= count;
    config.discoveryLimits.datagramBurstPerSource *= count;

    const qint64 rssBefore = rssKiB();
    QElapsedTimer clock;
    clock.start();
    // Until every node lists every other: counted as discoveries happen, in an event loop
    // (QTest::qWaitFor would nap 10 ms between its rounds).
    QEventLoop loop;
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    int complete = 0;
    std::vector<bool> done(size_t(count), false);
    Nodes nodes;
    for (int i = 0; i < count; ++i) {
        nodes.push_back(std::make_unique<TestNode>(
            QStringLiteral("n%1").arg(i, 3, 10, QLatin1Char('0')), config));
        DiscoveryService *discovery = (*nodes.back())->discovery();
        if (!discovery)
            qFatal("node %d has no discovery", i);
        QObject::connect(discovery, &DiscoveryService::peerDiscovered, &loop, [&, i, discovery] {
            if (!done[size_t(i)] && discovery->peerCount() == count - 1) {
                done[size_t(i)] = true;
                if (++complete == count)
                    loop.quit();
            }
        });
        // As hosts would: each node hears the others while the next one starts, instead of
        // all of them at once when the last start returns.
        QCoreApplication::processEvents();
    }
    const qint64 allStarted = clock.elapsed();
    loop.exec();
    const bool converged = complete == count;
    const qint64 convergedAt = clock.elapsed();

    // Idle: after every start-up burst (0.1, 0.5, 2 s after each start) and its dials.
    QTest::qWait(3000); // letting the bursts end, not synchronising
    const qint64 rssIdle = rssKiB();
    const Traffic before = traffic(nodes);
    const double cpuBefore = cpuSeconds();
    QElapsedTimer idle;
    idle.start();
    QTest::qWait(idleSeconds * 1000); // a measuring window
    const double window = double(idle.nsecsElapsed()) / 1e9;
    const double cpu = cpuSeconds() - cpuBefore;
    const Traffic after = traffic(nodes);

    int sessionsMax = 0;
    double sessions = 0;
    for (const auto &node : nodes) {
        sessions += (*node)->sessions().sessionCount();
        sessionsMax = std::max(sessionsMax, (*node)->sessions().sessionCount());
    }

    // First messages between pairs that have no session yet.
    QList<double> first;
    const double cpuBeforeFirst = cpuSeconds();
    for (int i = 0; i < count && first.size() < 5; ++i) {
        for (int j = count - 1; j > i && first.size() < 5; --j) {
            if ((*nodes[i])->sessions().isConnected(nodes[j]->id()))
                continue;
            first.append(firstMessageMs(*nodes[i], *nodes[j]));
            break;
        }
    }
    const double firstCpuMs = 1000 * (cpuSeconds() - cpuBeforeFirst);
    double firstWallMs = 0;
    for (double ms : first)
        firstWallMs += ms;
    std::sort(first.begin(), first.end());

    const double perMinute = 60.0 / window / count;
    QJsonObject out;
    out.insert(QStringLiteral("nodes"), count);
    out.insert(QStringLiteral("start_all_ms"), allStarted);
    out.insert(QStringLiteral("everyone_nearby"), converged);
    out.insert(QStringLiteral("everyone_nearby_after_last_start_ms"), convergedAt - allStarted);
    out.insert(QStringLiteral("idle_cpu_percent_per_node"), 100.0 * cpu / window / count);
    out.insert(QStringLiteral("rss_kib_per_node"), double(rssIdle - rssBefore) / count);
    out.insert(QStringLiteral("discovery_datagrams_sent_per_node_per_min"),
               (after.sent - before.sent) * perMinute);
    out.insert(QStringLiteral("discovery_bytes_sent_per_node_per_min"),
               (after.bytesSent - before.bytesSent) * perMinute);
    out.insert(QStringLiteral("discovery_datagrams_received_per_node_per_min"),
               (after.received - before.received) * perMinute);
    out.insert(QStringLiteral("discovery_bytes_received_per_node_per_min"),
               (after.bytesReceived - before.bytesReceived) * perMinute);
    out.insert(QStringLiteral("sessions_per_node_mean"), sessions / count);
    out.insert(QStringLiteral("sessions_per_node_max"), sessionsMax);
    out.insert(QStringLiteral("first_message_nearby_samples"), int(first.size()));
    out.insert(QStringLiteral("first_message_nearby_p50_ms"),
               first.isEmpty() ? QJsonValue() : QJsonValue(first.at(first.size() / 2)));
    // CPU time of the whole process (both ends, every node) over the wall time of the samples:
    // near 1, the first message is bound by work on the one thread; near 0, by waiting.
    out.insert(QStringLiteral("first_message_nearby_cpu_share"),
               first.isEmpty() ? QJsonValue() : QJsonValue(firstCpuMs / firstWallMs));
    out.insert(QStringLiteral("first_message_nearby_max_ms"),
               first.isEmpty() ? QJsonValue() : QJsonValue(first.last()));
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    requirePrivateNetwork("bench_lan");
    QLoggingCategory::setFilterRules(QStringLiteral("tincan.*.info=false"));
    QCommandLineParser parser;
    const QCommandLineOption sizesOption(QStringLiteral("sizes"),
                                         QStringLiteral("Node counts, comma-separated."),
                                         QStringLiteral("N,..."), QStringLiteral("20,50,100,200"));
    const QCommandLineOption idleOption(QStringLiteral("idle"),
                                        QStringLiteral("Idle window per size, seconds."),
                                        QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption everyoneOption(
        QStringLiteral("dial-everyone-up-to"),
        QStringLiteral("DiscoveryLimits::dialEveryoneUpTo, to compare policies."),
        QStringLiteral("N"), QString::number(DiscoveryLimits{}.dialEveryoneUpTo));
    parser.addOptions({sizesOption, idleOption, everyoneOption});
    parser.process(app);
    const int idleSeconds = std::max(1, parser.value(idleOption).toInt());
    const int dialEveryoneUpTo = parser.value(everyoneOption).toInt();

    QJsonArray sizes;
    quint16 port = 47600; // one port per size: the last size's goodbyes are not the next's
    for (const QString &size : parser.value(sizesOption).split(u',', Qt::SkipEmptyParts)) {
        const int count = size.toInt();
        if (count < 2 || count > 500)
            qFatal("a size is 2 to 500 nodes, not %s", qPrintable(size));
        std::fprintf(stderr, "[bench_lan] %d nodes\n", count);
        sizes.append(measure(count, idleSeconds, dialEveryoneUpTo, port++));
    }
    QJsonObject out;
    out.insert(QStringLiteral("idle_window_s"), idleSeconds);
    out.insert(QStringLiteral("dial_everyone_up_to"), dialEveryoneUpTo);
    out.insert(QStringLiteral("sizes"), sizes);
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
