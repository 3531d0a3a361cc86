// libFuzzer target for the bridge's request handler: the one function behind every REST call
// and every WebSocket command, (method, target, headers, body) → (status, JSON), here against
// a real node on a temporary profile. Build with clang and -DTINCAN_FUZZ=ON, then run it inside
// the network namespace (it refuses to run outside one, because POST /api/v1/peers dials):
//   tests/netns-run.sh build/fuzz/tests/fuzz/fuzz_bridge_request tests/fuzz/corpus/bridge_request
//
// Input: byte 0 holds flags. Bit 0: add a valid Host and token (else the input brings its own
// headers or none, and exercises the refusals). Bit 1: the rest is a WebSocket command frame.
// Otherwise the rest is "METHOD TARGET\n", header lines "Name: value\n", an empty line, the body.
#include "bridge/accesspolicy.h"
#include "bridge/apihandler.h"
#include "bridge/apijson.h"
#include "bridge/bridgetoken.h"
#include "node/node.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QNetworkInterface>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Tincan;

namespace {
struct Harness
{
    QTemporaryDir dir;
    std::unique_ptr<Node> node;
    std::unique_ptr<AccessPolicy> access;
    std::unique_ptr<ApiJson> json;
    std::unique_ptr<ApiHandler> api;
};
Harness *harness = nullptr;
constexpr quint16 bridgePort = 4242;

bool onlyLoopback()
{
    for (const QNetworkInterface &iface : QNetworkInterface::allInterfaces()) {
        if ((iface.flags() & QNetworkInterface::IsUp) &&
            !(iface.flags() & QNetworkInterface::IsLoopBack))
            return false;
    }
    return true;
}

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void checkResponse(const ApiResponse &response)
{
    check(response.status >= 200 && response.status <= 599);
    if (response.status >= 400)
        check(response.body.value(QStringLiteral("error")).isString());
}

// A fresh node and profile every this many inputs. Every accepted POST leaves messages,
// outbox rows, peers and groups behind, and one node kept for a whole long run slowed it from
// about 8,000 to 400-650 inputs a second. A finding can depend on the inputs before it on the
// same node (at most this many), so a reproducer that does not crash alone is no false alarm.
// A new node takes about 95 ms (keys, migrations), a few per cent of the run at this count.
constexpr int inputsPerNode = 20000;
int inputsOnThisNode = 0;

void startNode()
{
    harness = new Harness;
    QString error;
    auto profile = Profile::open(harness->dir.path(), &error);
    if (!profile) {
        std::fprintf(stderr, "fuzz_bridge_request: %s\n", qPrintable(error));
        std::exit(2);
    }
    NodeConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.discovery = false;
    harness->node = std::make_unique<Node>(std::move(*profile), config);
    if (!harness->node->start(&error)) {
        std::fprintf(stderr, "fuzz_bridge_request: %s\n", qPrintable(error));
        std::exit(2);
    }
    const auto token = BridgeToken::loadOrCreate(harness->dir.path(), &error);
    // No lockout: it would turn most inputs into 429 and hide the routes behind it.
    harness->access =
        std::make_unique<AccessPolicy>(bridgePort, *token, AccessLimits{1 << 30, {}, {}});
    harness->json = std::make_unique<ApiJson>(*harness->node);
    harness->api = std::make_unique<ApiHandler>(*harness->node, *harness->access, *harness->json);
    inputsOnThisNode = 0;
}

// Tears the node down the way the app does at exit, then deletes the profile directory.
void stopNode()
{
    harness->api.reset();
    harness->json.reset();
    harness->access.reset();
    harness->node.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    delete harness;
    harness = nullptr;
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    if (!onlyLoopback()) {
        std::fputs("fuzz_bridge_request: run me inside tests/netns-run.sh; the API dials peers\n",
                   stderr);
        std::exit(2);
    }
    startNode();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (++inputsOnThisNode > inputsPerNode) {
        stopNode();
        startNode();
        ++inputsOnThisNode;
    }
    const quint8 flags = data[0];
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    if (flags & 2) {
        const QJsonObject reply = harness->api->command(input);
        check(reply.contains(QStringLiteral("id")) &&
              reply.value(QStringLiteral("status")).isDouble() &&
              reply.value(QStringLiteral("body")).isObject());
    } else {
        const qsizetype headEnd = input.indexOf("\n\n");
        const QList<QByteArray> lines =
            input.left(headEnd < 0 ? input.size() : headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().split(' ');
        HeaderPairs headers;
        for (const QByteArray &line : lines.mid(1)) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                headers.append({line.left(colon), line.mid(colon + 1)});
        }
        if (flags & 1) {
            headers.append({"Host", "127.0.0.1:" + QByteArray::number(bridgePort)});
            headers.append({"Authorization", "Bearer " + harness->access->token()});
        }
        const ApiRequest request =
            ApiRequest::make(requestLine.value(0), QString::fromUtf8(requestLine.value(1)), headers,
                             headEnd < 0 ? QByteArray() : input.mid(headEnd + 2));
        checkResponse(harness->api->handle(request));
    }
    // Let queued work (delivery timers, database commits) run, as the event loop would.
    QCoreApplication::processEvents();
    return 0;
}
