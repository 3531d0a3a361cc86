#pragma once

#include "dhtconfig.h"

#include <QByteArray>
#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

namespace Tincan {

// One OpenDHT node (dht::DhtRunner) for this process, in Qt's terms. OpenDHT runs its network
// and its callbacks on threads of its own; every callback here is posted to this object's
// thread with a queued call, so the rest of Tincan sees DHT events as ordinary Qt events.
// The destructor stops OpenDHT's threads first, so none posts to a dead object. Peer
// discovery (OpenDHT's multicast) stays off: only the bootstrap nodes named are contacted.
class DhtNode : public QObject
{
    Q_OBJECT
public:
    explicit DhtNode(QObject *parent = nullptr);
    ~DhtNode() override;

    // Binds a UDP port (0: any free one) on every address and joins through the bootstrap
    // nodes; with none, the node waits to be contacted (a test's own bootstrap node).
    bool start(quint16 port, const QList<DhtBootstrapNode> &bootstrap, QString *error);
    quint16 port() const;
    // How many DHT nodes this one knows (good ones, IPv4 and IPv6).
    int knownNodes() const;

    // Stores data at key (DhtRecords::KeySize bytes). permanent: refreshed by this node until
    // cancelled; else it expires after OpenDHT's 10 minutes. Returns the value's id.
    quint64 put(const QByteArray &key, const QByteArray &data, bool permanent,
                std::function<void(bool stored)> done = {});
    void cancelPut(const QByteArray &key, quint64 valueId);
    // valueArrived() for each value stored at key from now on (and those there already), once
    // per value. Returns a handle for cancelListen().
    quint64 listen(const QByteArray &key);
    void cancelListen(quint64 handle);
    // The values at key now, on this thread, as they come: found(values, false) for each batch,
    // then found({}, true) once the search ends. A caller may act on the first batch: the
    // search ends only after the nodes nearest the key have answered or timed out.
    void get(const QByteArray &key,
             std::function<void(const QList<QByteArray> &values, bool done)> found);

Q_SIGNALS:
    void valueArrived(quint64 listenHandle, const QByteArray &data);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Tincan
