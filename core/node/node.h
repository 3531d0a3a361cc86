#pragma once

#include "bridge/httptimeouts.h"
#include "discovery/discoveryconfig.h"
#include "net/reconnectscheduler.h"
#include "net/sessionlimits.h"
#include "profile/profile.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Tincan {

class Bridge;
class Database;
class DiscoveryService;
class FileTransfers;
class GroupManager;
class Identity;
class Messenger;
class PeerExchange;
class PeerRepository;
class SessionManager;
class TextScrubber;

struct NodeConfig
{
    quint16 port = 0; // 0 = ephemeral
    QHostAddress listenAddress = QHostAddress::Any;
    SessionLimits limits;
    ReconnectPolicy reconnect;
    bool discovery = true;
    quint16 discoveryPort = DefaultDiscoveryPort;
    DiscoveryTiming discoveryTiming; // tests shrink it
    // --bridge: the local bridge on this port (0 = ephemeral), whatever the settings say.
    std::optional<quint16> bridgePort;
    HttpTimeouts bridgeTimeouts;                // tests shrink them
    std::chrono::milliseconds scrubDelay{5000}; // TextScrubber: removed text gone within this
};

// One running Tincan identity: the facade that app/, the QML layer and the bridge talk to.
// It owns the subsystems of a profile and publishes DIR/node.json while it runs.
class Node : public QObject
{
    Q_OBJECT
public:
    explicit Node(Profile profile, NodeConfig config = {}, QObject *parent = nullptr);
    ~Node() override;

    // Loads (or on first start creates) the identity, opens the history, starts listening and
    // redials known peers. Fails with a message, and changes nothing, on a corrupt key file.
    bool start(QString *error);
    void stop();
    bool isRunning() const { return m_running; }

    const Profile &profile() const { return m_profile; }
    const NodeConfig &config() const { return m_config; }
    QString id() const;
    quint16 port() const;
    QString displayName() const { return m_profile.displayName(); }
    bool setDisplayName(const QString &name, QString *error);
    // User settings (docs/architecture.md, "Settings"): persisted, and applied at once.
    QJsonValue setting(const QString &key, const QJsonValue &fallback = {}) const
    {
        return m_profile.setting(key, fallback);
    }
    bool setSetting(const QString &key, const QJsonValue &value, QString *error);

    // host:port, [v6]:port or a tincan:// invite link.
    bool connectTo(const QString &target, QString *error);
    QString inviteLink() const;

    // Valid between start() and stop().
    const Identity &identity() const { return *m_identity; }
    SessionManager &sessions() { return *m_sessions; }
    PeerRepository &peers() { return *m_peers; }
    Messenger &messenger() { return *m_messenger; }
    GroupManager &groups() { return *m_groups; }
    FileTransfers &files() { return *m_files; }
    Database &database() { return *m_database; }
    // Null when discovery is off (--no-discovery) or its port could not be bound.
    DiscoveryService *discovery() { return m_discovery.get(); }
    // The local HTTP/WebSocket API (core/bridge); null while it is off.
    Bridge *bridge() { return m_bridge.get(); }

    QString nodeInfoPath() const;

Q_SIGNALS:
    void displayNameChanged();
    void settingChanged(const QString &key);

private:
    bool writeNodeInfo(QString *error) const;
    void applySettings();
    void applyRetention();
    void startDiscovery();
    bool startBridge(QString *error);
    void applyBridgeSettings();

    Profile m_profile;
    NodeConfig m_config;
    std::unique_ptr<Identity> m_identity;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<PeerRepository> m_peers;
    std::unique_ptr<SessionManager> m_sessions;
    std::unique_ptr<PeerExchange> m_exchange;
    std::unique_ptr<Messenger> m_messenger;
    std::unique_ptr<TextScrubber> m_scrubber;
    std::unique_ptr<GroupManager> m_groups;
    std::unique_ptr<FileTransfers> m_files;
    std::unique_ptr<DiscoveryService> m_discovery;
    std::unique_ptr<Bridge> m_bridge;
    QTimer m_retentionTimer; // hourly, while retentionDays > 0
    bool m_running = false;
};

} // namespace Tincan
