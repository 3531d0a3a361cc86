#pragma once

#include "announcement.h"
#include "discoveryconfig.h"
#include "discoverydialer.h"
#include "discoverysockets.h"
#include "interfaces.h"
#include "peertable.h"
#include "ratelimiter.h"
#include "subnetscanner.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace Tincan {

class SessionManager;

// LAN discovery for one node: announces it on every usable interface, listens for others, and
// hands what it hears to the session layer as dial hints. A discovered peer is only a hint;
// "online" means SessionManager has a TLS session that proved the key.
class DiscoveryService : public QObject
{
    Q_OBJECT
public:
    struct Stats
    {
        quint64 datagramsSent = 0;
        quint64 bytesSent = 0;
        quint64 datagramsReceived = 0;
        quint64 bytesReceived = 0;
        quint64 announcementsSent = 0; // announce rounds (each to every interface and group)
        quint64 queriesSent = 0;
        quint64 answersSent = 0;
        quint64 probesSent = 0;
        quint64 dropped = 0;     // foreign, oversized, malformed or from beyond the LAN
        quint64 rateLimited = 0; // over a source's budget
        quint64 dials = 0;
        quint64 logLinesSuppressed = 0; // peer events logged at debug level only
    };

    DiscoveryService(SessionManager &sessions, DiscoveryConfig config = {},
                     QObject *parent = nullptr);
    ~DiscoveryService() override;

    // Binds the discovery port; false with a message when that is impossible. The session
    // layer keeps working without discovery.
    bool start(QString *error);
    // Says goodbye on every interface; call it while the sessions still exist.
    void stop();
    bool isRunning() const { return m_running; }
    quint16 port() const { return m_config.port; }
    const DiscoveryConfig &config() const { return m_config; }

    void setDisplayName(const QString &name);
    // Decides which discovered ids may be dialled, and whether only while the LAN is small.
    void setDialFilter(std::function<DialWish(const QString &id)> filter);
    // Dials a discovered peer now (see DiscoveryDialer::reach); false if it is not discovered.
    bool reach(const QString &id) { return m_running && m_dialer.reach(id); }
    // Announces and queries now, as after a network change.
    void announceNow();
    // Unicast queries to the directly connected IPv4 subnets (see scanTargets), paced to
    // DiscoveryLimits::scanDatagramsPerSecond. For networks that block multicast; never
    // automatic. False while a scan is running or when discovery is stopped.
    bool scan();
    bool isScanning() const { return m_scanner.isRunning(); }

    // The interfaces discovery currently speaks on, e.g. for a "discovery active on" hint.
    QStringList interfaceNames() const;
    QList<DiscoveredPeer> peers() const { return m_peers.snapshot(); }
    int peerCount() const { return m_peers.size(); }
    // Whether the node keeps a session to this peer on its own: the dial policy, for redials.
    bool wantsSession(const QString &id) const { return m_dialer.wants(id); }
    std::optional<DiscoveredPeer> peer(const QString &id) const { return m_peers.find(id); }
    Stats stats() const;

Q_SIGNALS:
    void peerDiscovered(const Tincan::DiscoveredPeer &peer);
    void peerUpdated(const Tincan::DiscoveredPeer &peer);
    void peerLost(const QString &id);
    void scanFinished(int probesSent);

private:
    void onDatagram(const QByteArray &data, const QHostAddress &from, quint16 fromPort);
    void onAnnouncement(const Discovery::Announcement &announcement, const QHostAddress &from,
                        quint16 fromPort);
    void onGoodbye(const QString &id);
    void onInterfacesChanged();
    void onAnnounceTimer();
    void restartAnnouncements();
    void sendAnnouncement(bool withQuery);
    void scheduleAnswer(const QHostAddress &to, quint16 port);
    void sweep();
    void forget(const QString &id, const QString &why);
    void logEvent(const QString &line);
    QByteArray datagram(Discovery::Kind kind) const;
    qint64 now() const { return m_clock.elapsed(); }

    SessionManager &m_sessions;
    DiscoveryConfig m_config;
    DiscoverySockets m_sockets;
    InterfaceWatcher m_watcher;
    PeerTable m_peers;
    SourceRateLimiter m_rateLimiter;
    QElapsedTimer m_clock;
    TokenBucket m_logBudget;
    DiscoveryDialer m_dialer;
    SubnetScanner m_scanner;
    QTimer m_announceTimer;
    QTimer m_sweepTimer;
    int m_startupStep = 0;
    QString m_name;
    QSet<QString> m_pendingAnswers; // "address|port"
    QList<QPair<QHostAddress, int>> m_localNetworks;
    Stats m_stats;
    bool m_running = false;
};

} // namespace Tincan
