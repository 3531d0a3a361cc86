#include "discoveryservice.h"

#include "net/sessionmanager.h"
#include "util/logging.h"

#include <QRandomGenerator>

#include <algorithm>
#include <iterator>

namespace Tincan {

using Discovery::Announcement;
using Discovery::Kind;

namespace {

qint64 randomBetween(qint64 low, qint64 high)
{
    return high <= low ? low
                       : low + qint64(QRandomGenerator::global()->bounded(quint64(high - low + 1)));
}

qint64 jittered(std::chrono::milliseconds interval, double jitter)
{
    const auto ms = double(interval.count());
    return randomBetween(qint64(ms * (1.0 - jitter)), qint64(ms * (1.0 + jitter)));
}

QString quoted(const DiscoveredPeer &peer)
{
    return QStringLiteral("%1 \"%2\" at %3").arg(peer.id, peer.name, peer.endpoints().join(u' '));
}

} // namespace

DiscoveryService::DiscoveryService(SessionManager &sessions, DiscoveryConfig config,
                                   QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_config([&] {
        config.timing = withEnvironmentOverrides(config.timing);
        return config;
    }())
    , m_sockets(m_config.port)
    , m_watcher(m_config.limits.maxInterfaces, m_config.timing.interfacePollInterval)
    , m_peers(m_config.limits.maxPeers, m_config.limits.maxAddressesPerPeer)
    , m_rateLimiter(m_config.limits.datagramsPerSecondPerSource,
                    m_config.limits.datagramBurstPerSource, m_config.limits.maxRateSources)
    , m_logBudget(m_config.limits.logLinesPerSecond, m_config.limits.logLineBurst, 0)
    , m_dialer(sessions, m_peers, m_config)
    , m_scanner(m_config.limits.scanDatagramsPerSecond)
{
    qRegisterMetaType<Tincan::DiscoveredPeer>();
    m_clock.start();
    m_announceTimer.setSingleShot(true);
    connect(&m_announceTimer, &QTimer::timeout, this, &DiscoveryService::onAnnounceTimer);
    const auto lostAfter = m_config.timing.lostAfter();
    m_sweepTimer.setInterval(
        std::clamp(lostAfter / 8, std::chrono::milliseconds(100), std::chrono::milliseconds(5000)));
    connect(&m_sweepTimer, &QTimer::timeout, this, &DiscoveryService::sweep);
    connect(&m_sockets, &DiscoverySockets::datagramReceived, this, &DiscoveryService::onDatagram);
    connect(&m_watcher, &InterfaceWatcher::changed, this, &DiscoveryService::onInterfacesChanged);
    connect(&m_scanner, &SubnetScanner::finished, this, [this](int probes) {
        qCInfo(lcDiscovery) << "scan finished:" << probes << "probes sent";
        Q_EMIT scanFinished(probes);
    });
    connect(&m_sessions, &SessionManager::peerDisconnected, this, [this](const QString &id) {
        if (m_peers.saidGoodbye(id))
            forget(id, QStringLiteral("goodbye"));
    });
}

DiscoveryService::~DiscoveryService()
{
    stop();
}

bool DiscoveryService::start(QString *error)
{
    if (m_running)
        return true;
    if (!m_sockets.open(error))
        return false;
    m_running = true;
    m_watcher.start();
    if (m_config.multicast)
        m_sockets.setInterfaces(m_watcher.interfaces());
    m_localNetworks = localNetworks(m_watcher.interfaces());
    m_peers.setLocalNetworks(m_localNetworks);
    const QStringList names = interfaceNames();
    qCInfo(lcDiscovery).noquote() << "listening on UDP port" << m_config.port << "on"
                                  << (names.isEmpty() ? QStringLiteral("no interface")
                                                      : names.join(QStringLiteral(", ")));
    m_sweepTimer.start();
    m_dialer.settleFirst();
    restartAnnouncements();
    return true;
}

void DiscoveryService::stop()
{
    if (!m_running)
        return;
    if (m_config.multicast)
        m_sockets.sendToAll(datagram(Kind::Goodbye));
    m_running = false;
    m_scanner.stop();
    m_watcher.stop();
    m_announceTimer.stop();
    m_sweepTimer.stop();
    m_pendingAnswers.clear();
    m_dialer.clear();
    m_sockets.close();
    qCInfo(lcDiscovery) << "stopped";
}

void DiscoveryService::setDisplayName(const QString &name)
{
    const QString clean = Discovery::sanitizedName(name);
    if (clean == m_name)
        return;
    m_name = clean;
    if (m_running && m_config.multicast)
        m_sockets.sendToAll(datagram(Kind::Announce));
}

void DiscoveryService::setDialFilter(std::function<DialWish(const QString &)> filter)
{
    m_dialer.setFilter(std::move(filter));
}

void DiscoveryService::announceNow()
{
    if (m_running)
        sendAnnouncement(true);
}

bool DiscoveryService::scan()
{
    if (!m_running || m_scanner.isRunning())
        return false;
    QList<QNetworkAddressEntry> entries;
    for (const QNetworkInterface &iface : m_watcher.interfaces())
        entries += iface.addressEntries();
    const QList<QHostAddress> targets = scanTargets(entries);
    qCInfo(lcDiscovery) << "scan: probing" << targets.size() << "addresses";
    const QByteArray query = datagram(Kind::Query);
    return m_scanner.start(targets, [this, query](const QHostAddress &target) {
        if (m_sockets.sendTo(query, target, m_config.port))
            ++m_stats.probesSent;
    });
}

QStringList DiscoveryService::interfaceNames() const
{
    QStringList names;
    for (const QNetworkInterface &iface : m_watcher.interfaces())
        names.append(iface.name());
    return names;
}

DiscoveryService::Stats DiscoveryService::stats() const
{
    Stats stats = m_stats;
    const auto &counters = m_sockets.counters();
    stats.datagramsSent = counters.datagramsSent;
    stats.bytesSent = counters.bytesSent;
    stats.datagramsReceived = counters.datagramsReceived;
    stats.bytesReceived = counters.bytesReceived;
    stats.dials = m_dialer.dials();
    return stats;
}

void DiscoveryService::onDatagram(const QByteArray &data, const QHostAddress &from,
                                  quint16 fromPort)
{
    // Cheapest checks first: a flood of foreign or hostile datagrams costs a compare each.
    if (data.size() > Discovery::MaxDatagramSize ||
        !data.startsWith(QByteArrayView(Discovery::Magic, Discovery::MagicSize))) {
        ++m_stats.dropped;
        return;
    }
    // Multicast and broadcast never cross a router; anything from farther away is not a LAN
    // neighbour and must not make us dial out.
    if (!isOnLink(from, m_localNetworks)) {
        ++m_stats.dropped;
        return;
    }
    if (!m_rateLimiter.allow(from, now())) {
        if (m_stats.rateLimited++ % 1000 == 0)
            qCDebug(lcDiscovery).noquote() << "rate-limiting" << from.toString();
        return;
    }
    const auto announcement = Discovery::decodeAnnouncement(data);
    if (!announcement) {
        ++m_stats.dropped;
        qCDebug(lcDiscovery).noquote() << "malformed datagram from" << from.toString();
        return;
    }
    if (announcement->id == m_sessions.localId())
        return; // our own multicast, looped back
    if (announcement->kind == Kind::Goodbye)
        onGoodbye(announcement->id);
    else
        onAnnouncement(*announcement, from, fromPort);
}

void DiscoveryService::onAnnouncement(const Announcement &announcement, const QHostAddress &from,
                                      quint16 fromPort)
{
    QString evicted;
    const auto change = m_peers.upsert(announcement.id, announcement.name, announcement.port, from,
                                       now(), &evicted);
    if (!evicted.isEmpty()) {
        m_dialer.forget(evicted);
        logEvent(QStringLiteral("lost %1 (table full)").arg(evicted));
        Q_EMIT peerLost(evicted);
    }
    if (change != PeerTable::Change::None) {
        const DiscoveredPeer peer = *m_peers.find(announcement.id);
        if (change == PeerTable::Change::New) {
            logEvent(QStringLiteral("discovered ") + quoted(peer));
            Q_EMIT peerDiscovered(peer);
        } else {
            logEvent(QStringLiteral("updated ") + quoted(peer));
            Q_EMIT peerUpdated(peer);
        }
    }
    if (announcement.kind == Kind::Query)
        scheduleAnswer(from, fromPort);
    m_dialer.consider(announcement.id);
}

void DiscoveryService::onGoodbye(const QString &id)
{
    if (!m_peers.contains(id))
        return;
    // An unauthenticated goodbye must not end a session the key has proven; it only makes the
    // entry go as soon as the session does.
    if (m_sessions.isConnected(id))
        m_peers.markGoodbye(id);
    else
        forget(id, QStringLiteral("goodbye"));
}

void DiscoveryService::onInterfacesChanged()
{
    const QList<QNetworkInterface> &interfaces = m_watcher.interfaces();
    qCInfo(lcDiscovery).noquote() << "network changed, now on"
                                  << interfaceNames().join(QStringLiteral(", "));
    if (m_config.multicast)
        m_sockets.setInterfaces(interfaces);
    m_localNetworks = localNetworks(interfaces);
    m_peers.setLocalNetworks(m_localNetworks);
    restartAnnouncements();
}

void DiscoveryService::restartAnnouncements()
{
    m_startupStep = 0;
    m_announceTimer.start(m_config.timing.startupAnnouncements[0]);
}

void DiscoveryService::onAnnounceTimer()
{
    const auto &burst = m_config.timing.startupAnnouncements;
    sendAnnouncement(m_startupStep == 0);
    ++m_startupStep;
    if (m_startupStep < int(std::size(burst)))
        m_announceTimer.start(burst[m_startupStep] - burst[m_startupStep - 1]);
    else
        m_announceTimer.start(std::chrono::milliseconds(
            jittered(m_config.timing.announceInterval, m_config.timing.jitter)));
}

void DiscoveryService::sendAnnouncement(bool withQuery)
{
    if (!m_config.multicast)
        return;
    // A query announces the sender too, so one datagram does both jobs.
    m_sockets.sendToAll(datagram(withQuery ? Kind::Query : Kind::Announce));
    ++(withQuery ? m_stats.queriesSent : m_stats.announcementsSent);
}

void DiscoveryService::scheduleAnswer(const QHostAddress &to, quint16 port)
{
    const QString key = to.toString() + u'|' + QString::number(port);
    if (m_pendingAnswers.contains(key) ||
        m_pendingAnswers.size() >= m_config.limits.maxPendingAnswers)
        return;
    m_pendingAnswers.insert(key);
    // A random delay, so that a query does not make the whole LAN answer in the same instant.
    const qint64 delay = randomBetween(m_config.timing.answerDelayMin.count(),
                                       m_config.timing.answerDelayMax.count());
    QTimer::singleShot(std::chrono::milliseconds(delay), this, [this, key, to, port] {
        if (!m_pendingAnswers.remove(key) || !m_running)
            return;
        if (m_sockets.sendTo(datagram(Kind::Announce), to, port))
            ++m_stats.answersSent;
    });
}

void DiscoveryService::sweep()
{
    const auto expired =
        m_peers.expire(now(), m_config.timing.lostAfter().count(),
                       [this](const QString &id) { return m_sessions.isConnected(id); });
    for (const QString &id : expired.lost) {
        m_dialer.forget(id);
        logEvent(QStringLiteral("lost ") + id);
        Q_EMIT peerLost(id);
    }
    for (const QString &id : expired.updated) {
        const DiscoveredPeer peer = *m_peers.find(id);
        logEvent(QStringLiteral("updated ") + quoted(peer));
        Q_EMIT peerUpdated(peer);
    }
}

void DiscoveryService::forget(const QString &id, const QString &why)
{
    if (!m_peers.remove(id))
        return;
    m_dialer.forget(id);
    logEvent(QStringLiteral("lost %1 (%2)").arg(id, why));
    Q_EMIT peerLost(id);
}

void DiscoveryService::logEvent(const QString &line)
{
    // Strangers decide how often peers come and go; they must not decide how fast the log grows.
    if (m_logBudget.tryTake(now())) {
        qCInfo(lcDiscovery).noquote() << line;
    } else {
        ++m_stats.logLinesSuppressed;
        qCDebug(lcDiscovery).noquote() << line;
    }
}

QByteArray DiscoveryService::datagram(Kind kind) const
{
    return Discovery::encodeAnnouncement(
        Announcement{kind, Discovery::Version, m_sessions.localId(), m_name, m_sessions.port()});
}

} // namespace Tincan
