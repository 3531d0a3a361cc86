// A build without OpenDHT (Debian 13 has no package of it; core/dht/CMakeLists.txt): the DHT
// node cannot start, and says why. Reaching beyond the LAN keeps the contacts' rendezvous.
#include "dhtnode.h"

namespace Tincan {

struct DhtNode::Private
{
};

DhtNode::DhtNode(QObject *parent)
    : QObject(parent)
{}

DhtNode::~DhtNode() = default;

bool DhtNode::start(quint16, const QList<DhtBootstrapNode> &, QString *error)
{
    *error = QStringLiteral("this build of Tincan has no DHT rendezvous: OpenDHT was not "
                            "available where it was built; contacts still introduce");
    return false;
}

quint16 DhtNode::port() const
{
    return 0;
}

int DhtNode::knownNodes() const
{
    return 0;
}

quint64 DhtNode::put(const QByteArray &, const QByteArray &, bool, std::function<void(bool)>)
{
    return 0;
}

void DhtNode::cancelPut(const QByteArray &, quint64) {}

quint64 DhtNode::listen(const QByteArray &)
{
    return 0;
}

void DhtNode::cancelListen(quint64) {}

void DhtNode::get(const QByteArray &, std::function<void(const QList<QByteArray> &, bool)>) {}

} // namespace Tincan
