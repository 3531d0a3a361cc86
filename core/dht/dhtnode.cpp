#include "dhtnode.h"

#include "util/logging.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QSet>

#include <opendht/dhtrunner.h>

#include <future>
#include <map>

namespace Tincan {

namespace {
constexpr qsizetype kMaxSeenPerListen = 4096; // value ids remembered to deliver each once

dht::InfoHash hashOf(const QByteArray &key)
{
    return dht::InfoHash(reinterpret_cast<const uint8_t *>(key.constData()),
                         static_cast<size_t>(key.size()));
}

QByteArray bytesOf(const dht::Value &value)
{
    return QByteArray(reinterpret_cast<const char *>(value.data.data()),
                      static_cast<qsizetype>(value.data.size()));
}
} // namespace

struct DhtNode::Private
{
    struct Listen
    {
        dht::InfoHash key;
        std::shared_future<size_t> token;
        QSet<quint64> seen;
    };
    dht::DhtRunner runner;
    std::map<quint64, Listen> listens;
    quint64 nextHandle = 1;
    bool running = false;
};

DhtNode::DhtNode(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{}

DhtNode::~DhtNode()
{
    // OpenDHT's threads stop here, before this object is gone: after join() none of them
    // posts to it, and the events already posted die with it.
    if (d->running)
        d->runner.join();
}

bool DhtNode::start(quint16 port, const QList<DhtBootstrapNode> &bootstrap, QString *error)
{
    dht::DhtRunner::Config config;
    config.threaded = true;
    config.peer_discovery = false; // no multicast on the LAN: only the named nodes
    config.peer_publish = false;
    config.dht_config.node_config.node_id = dht::InfoHash::getRandom();
    try {
        d->runner.run(port, config);
        d->running = true;
        for (const DhtBootstrapNode &node : bootstrap)
            d->runner.bootstrap(node.host.toStdString(), std::to_string(node.port));
    } catch (const std::exception &e) {
        *error = QStringLiteral("the DHT node did not start: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
    qCInfo(lcDht).noquote() << "DHT node on UDP port" << this->port() << "joining through"
                            << bootstrap.size() << "bootstrap node(s)";
    return true;
}

quint16 DhtNode::port() const
{
    return d->running ? d->runner.getBoundPort() : 0;
}

int DhtNode::knownNodes() const
{
    if (!d->running)
        return 0;
    return static_cast<int>(d->runner.getNodesStats(AF_INET).good_nodes +
                            d->runner.getNodesStats(AF_INET6).good_nodes);
}

quint64 DhtNode::put(const QByteArray &key, const QByteArray &data, bool permanent,
                     std::function<void(bool stored)> done)
{
    auto value = std::make_shared<dht::Value>(reinterpret_cast<const uint8_t *>(data.constData()),
                                              static_cast<size_t>(data.size()));
    // A random id of our own, to cancel a permanent put by; OpenDHT would pick one anyway.
    value->id = QRandomGenerator::system()->generate64();
    const quint64 id = value->id;
    QPointer<DhtNode> self(this);
    const QByteArray shortKey = key.toHex().left(8);
    d->runner.put(
        hashOf(key), value,
        [self, shortKey, done = std::move(done)](bool ok) {
            QMetaObject::invokeMethod(
                self,
                [shortKey, ok, done] {
                    qCDebug(lcDht) << "put at" << shortKey << "ok:" << ok;
                    if (done)
                        done(ok);
                },
                Qt::QueuedConnection);
        },
        dht::time_point::max(), permanent);
    return id;
}

void DhtNode::cancelPut(const QByteArray &key, quint64 valueId)
{
    d->runner.cancelPut(hashOf(key), valueId);
}

quint64 DhtNode::listen(const QByteArray &key)
{
    const quint64 handle = d->nextHandle++;
    QPointer<DhtNode> self(this);
    auto token = d->runner.listen(
        hashOf(key),
        [self, handle](const std::vector<std::shared_ptr<dht::Value>> &values, bool expired) {
            if (expired)
                return true;
            QList<QPair<quint64, QByteArray>> arrived;
            for (const auto &value : values)
                arrived.append({value->id, bytesOf(*value)});
            QMetaObject::invokeMethod(
                self,
                [self, handle, arrived] {
                    const auto it = self->d->listens.find(handle);
                    if (it == self->d->listens.end())
                        return; // cancelled since
                    for (const auto &[id, data] : arrived) {
                        if (it->second.seen.contains(id))
                            continue; // OpenDHT hands a value again when a listen re-syncs
                        if (it->second.seen.size() >= kMaxSeenPerListen)
                            it->second.seen.clear();
                        it->second.seen.insert(id);
                        Q_EMIT self->valueArrived(handle, data);
                    }
                },
                Qt::QueuedConnection);
            return true;
        });
    d->listens[handle] = {hashOf(key), token.share(), {}};
    return handle;
}

void DhtNode::cancelListen(quint64 handle)
{
    const auto it = d->listens.find(handle);
    if (it == d->listens.end())
        return;
    d->runner.cancelListen(it->second.key, it->second.token);
    d->listens.erase(it);
}

void DhtNode::get(const QByteArray &key,
                  std::function<void(const QList<QByteArray> &values, bool done)> found)
{
    // Shared by OpenDHT's two callbacks, which run on its thread one after the other.
    auto count = std::make_shared<qsizetype>(0);
    QPointer<DhtNode> self(this);
    d->runner.get(
        hashOf(key),
        [self, count, found](const std::vector<std::shared_ptr<dht::Value>> &values) {
            QList<QByteArray> batch;
            for (const auto &value : values)
                batch.append(bytesOf(*value));
            *count += batch.size();
            QMetaObject::invokeMethod(
                self, [found, batch] { found(batch, false); }, Qt::QueuedConnection);
            return *count < 256; // enough: the rest would be junk or replays
        },
        [self, found](bool) {
            QMetaObject::invokeMethod(
                self, [found] { found({}, true); }, Qt::QueuedConnection);
        });
}

} // namespace Tincan
