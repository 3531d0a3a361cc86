#pragma once

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QStringList>

#include <functional>
#include <optional>

namespace Tincan {

// What discovery knows about one node id, however many paths it is heard on.
struct DiscoveredPeer
{
    QString id;
    QString name;
    quint16 port = 0;              // TCP port of its TLS listener
    QList<QHostAddress> addresses; // best first: same subnet, then IPv4, then most recent
    QDateTime lastHeard;           // UTC

    // "ip:port" or "[v6%scope]:port" strings, best first, ready for SessionManager.
    QStringList endpoints() const;
};

QString formatEndpoint(const QHostAddress &address, quint16 port);

// The discovered peers, one entry per id, bounded in size. Time is a monotonic millisecond
// clock handed in by the caller.
class PeerTable
{
public:
    enum class Change
    {
        None,    // heard again, nothing visible changed
        New,     // first time heard (or again after it was lost)
        Updated, // name, port or set of addresses changed
    };
    struct Expired
    {
        QStringList lost;    // removed
        QStringList updated; // lost a stale address
    };

    PeerTable(int maxPeers, int maxAddressesPerPeer);

    // *evicted names a peer pushed out because the table was full.
    Change upsert(const QString &id, const QString &name, quint16 port, const QHostAddress &from,
                  qint64 nowMs, QString *evicted = nullptr);
    bool remove(const QString &id);
    bool contains(const QString &id) const { return m_entries.contains(id); }
    // Marks a peer that said goodbye, until it is heard again.
    void markGoodbye(const QString &id);
    bool saidGoodbye(const QString &id) const;
    // Peers silent for lostAfterMs and not kept are removed; stale extra addresses dropped.
    Expired expire(qint64 nowMs, qint64 lostAfterMs,
                   const std::function<bool(const QString &)> &keep);

    std::optional<DiscoveredPeer> find(const QString &id) const;
    QList<DiscoveredPeer> snapshot() const;
    int size() const { return int(m_entries.size()); }

    // Addresses in one of these subnets (address, prefix length) are preferred.
    void setLocalNetworks(const QList<QPair<QHostAddress, int>> &networks);

private:
    struct Address
    {
        QHostAddress ip;
        qint64 heardMs = 0;
    };
    struct Entry
    {
        QString name;
        quint16 port = 0;
        QList<Address> addresses;
        qint64 heardMs = 0;
        QDateTime heardUtc;
        bool goodbye = false;
    };
    DiscoveredPeer toPeer(const QString &id, const Entry &entry) const;

    int m_maxPeers;
    int m_maxAddresses;
    QHash<QString, Entry> m_entries;
    QList<QPair<QHostAddress, int>> m_localNetworks;
};

} // namespace Tincan

Q_DECLARE_METATYPE(Tincan::DiscoveredPeer)
