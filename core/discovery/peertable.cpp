#include "peertable.h"

#include "interfaces.h"

#include <algorithm>

namespace Tincan {

QString formatEndpoint(const QHostAddress &address, quint16 port)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
    return QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

QStringList DiscoveredPeer::endpoints() const
{
    QStringList result;
    for (const QHostAddress &address : addresses)
        result.append(formatEndpoint(address, port));
    return result;
}

PeerTable::PeerTable(int maxPeers, int maxAddressesPerPeer)
    : m_maxPeers(std::max(1, maxPeers))
    , m_maxAddresses(std::max(1, maxAddressesPerPeer))
{}

PeerTable::Change PeerTable::upsert(const QString &id, const QString &name, quint16 port,
                                    const QHostAddress &from, qint64 nowMs, QString *evicted)
{
    auto it = m_entries.find(id);
    Change change = Change::None;
    if (it == m_entries.end()) {
        if (m_entries.size() >= m_maxPeers) {
            auto oldest = std::min_element(
                m_entries.begin(), m_entries.end(),
                [](const Entry &a, const Entry &b) { return a.heardMs < b.heardMs; });
            if (evicted)
                *evicted = oldest.key();
            m_entries.erase(oldest);
        }
        it = m_entries.insert(id, Entry{});
        change = Change::New;
    }
    Entry &entry = *it;
    if (change == Change::None && (entry.name != name || entry.port != port))
        change = Change::Updated;
    entry.name = name;
    entry.port = port;
    entry.heardMs = nowMs;
    entry.heardUtc = QDateTime::currentDateTimeUtc();
    entry.goodbye = false;

    auto known = std::find_if(entry.addresses.begin(), entry.addresses.end(),
                              [&](const Address &a) { return a.ip.isEqual(from); });
    if (known != entry.addresses.end()) {
        known->heardMs = nowMs;
        return change;
    }
    if (entry.addresses.size() >= m_maxAddresses) {
        entry.addresses.erase(std::min_element(
            entry.addresses.begin(), entry.addresses.end(),
            [](const Address &a, const Address &b) { return a.heardMs < b.heardMs; }));
    }
    entry.addresses.append(Address{from, nowMs});
    return change == Change::None ? Change::Updated : change;
}

bool PeerTable::remove(const QString &id)
{
    return m_entries.remove(id);
}

void PeerTable::markGoodbye(const QString &id)
{
    auto it = m_entries.find(id);
    if (it != m_entries.end())
        it->goodbye = true;
}

bool PeerTable::saidGoodbye(const QString &id) const
{
    const auto it = m_entries.constFind(id);
    return it != m_entries.constEnd() && it->goodbye;
}

PeerTable::Expired PeerTable::expire(qint64 nowMs, qint64 lostAfterMs,
                                     const std::function<bool(const QString &)> &keep)
{
    Expired result;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        const bool silent = nowMs - it->heardMs > lostAfterMs;
        if (silent && !keep(it.key())) {
            result.lost.append(it.key());
            it = m_entries.erase(it);
            continue;
        }
        // A path that went quiet while another still works (a VPN went down, Wi-Fi and cable).
        // A silent peer kept for its session keeps its addresses as hints.
        auto stale = [&](const Address &a) { return nowMs - a.heardMs > lostAfterMs; };
        if (!std::all_of(it->addresses.cbegin(), it->addresses.cend(), stale) &&
            it->addresses.removeIf(stale) > 0)
            result.updated.append(it.key());
        ++it;
    }
    return result;
}

std::optional<DiscoveredPeer> PeerTable::find(const QString &id) const
{
    const auto it = m_entries.constFind(id);
    if (it == m_entries.constEnd())
        return std::nullopt;
    return toPeer(id, *it);
}

QList<DiscoveredPeer> PeerTable::snapshot() const
{
    QList<DiscoveredPeer> peers;
    peers.reserve(m_entries.size());
    for (auto it = m_entries.constBegin(); it != m_entries.constEnd(); ++it)
        peers.append(toPeer(it.key(), *it));
    std::sort(peers.begin(), peers.end(), [](const DiscoveredPeer &a, const DiscoveredPeer &b) {
        return a.name == b.name ? a.id < b.id : a.name.localeAwareCompare(b.name) < 0;
    });
    return peers;
}

void PeerTable::setLocalNetworks(const QList<QPair<QHostAddress, int>> &networks)
{
    m_localNetworks = networks;
}

DiscoveredPeer PeerTable::toPeer(const QString &id, const Entry &entry) const
{
    QList<Address> ordered = entry.addresses;
    std::stable_sort(ordered.begin(), ordered.end(), [this](const Address &a, const Address &b) {
        const bool localA = isOnLink(a.ip, m_localNetworks);
        const bool localB = isOnLink(b.ip, m_localNetworks);
        if (localA != localB)
            return localA;
        const bool v4A = a.ip.protocol() == QAbstractSocket::IPv4Protocol;
        const bool v4B = b.ip.protocol() == QAbstractSocket::IPv4Protocol;
        if (v4A != v4B)
            return v4A;
        return a.heardMs > b.heardMs;
    });
    DiscoveredPeer peer{id, entry.name, entry.port, {}, entry.heardUtc};
    for (const Address &address : ordered)
        peer.addresses.append(address.ip);
    return peer;
}

} // namespace Tincan
