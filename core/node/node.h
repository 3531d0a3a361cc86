#pragma once

#include "bridge/httptimeouts.h"
#include "crypto/keystore.h"
#include "dht/dhtconfig.h"
#include "discovery/discoveryconfig.h"
#include "ice/iceconfig.h"
#include "net/reconnectscheduler.h"
#include "net/sessionlimits.h"
#include "nodechange.h"
#include "profile/profile.h"
#include "store/storetypes.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Tincan {

class Bridge;
class Courier;
class MailboxService;
class Database;
class DiscoveryService;
class FileTransfers;
class GroupManager;
class Account;
class AccountSync;
class DeviceLinker;
struct DeviceList;
class HistorySync;
class HistoryTransfer;
struct HistoryProgress;
struct DeviceLinking;
struct DeviceCredential;
class Identity;
class ContactRendezvous;
class DhtNode;
class DhtRendezvous;
class IceTransport;
class Messenger;
class PeerExchange;
class PeerRepository;
class ReachPolicy;
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
    // Benchmarks of many in-process nodes, which all send from one address, widen the
    // per-source budget that a LAN of separate hosts would spread over their addresses.
    DiscoveryLimits discoveryLimits;
    // --bridge: the local bridge on this port (0 = ephemeral), whatever the settings say.
    std::optional<quint16> bridgePort;
    HttpTimeouts bridgeTimeouts;                // tests shrink them
    std::chrono::milliseconds scrubDelay{5000}; // TextScrubber: removed text gone within this
    // --mailbox: hold envelopes for contacts whatever the setting mailboxOffer says.
    bool mailbox = false;
    // --internet: reach contacts beyond the LAN over ICE whatever the setting internet says,
    // with these STUN/TURN servers besides those of the settings.
    bool internet = false;
    IceConfig ice;
    // --dht-bootstrap: join the DHT through these instead of the setting dhtBootstrap (an empty
    // list: not at all); and the DHT node's UDP port (0: any).
    std::optional<QList<DhtBootstrapNode>> dhtBootstrap;
    quint16 dhtPort = 0;
    // How long a device link code works, and a linking may take (tests shorten them).
    std::chrono::milliseconds linkCodeLifetime{std::chrono::minutes(10)};
    std::chrono::milliseconds linkConfirmWithin{std::chrono::minutes(5)};
    // Where the private keys are kept. The app asks for the keyring (--key-storage); in-process
    // nodes of tests keep files, so that no test touches the keyring of the user running it.
    KeyStorage keyStorage = KeyStorage::File;
};

// One running Tincan identity: the facade that app/, the QML layer and the bridge talk to.
// It owns the subsystems of a profile and publishes DIR/node.json while it runs. What a user
// does goes through its use cases, which change the store and then emit changed(): every front
// end follows that one signal, so a request accepted in the web page leaves the desktop's
// request list at once.
class Node : public QObject
{
    Q_OBJECT
public:
    explicit Node(Profile profile, NodeConfig config = {}, QObject *parent = nullptr);
    ~Node() override;

    // Loads (or on first start creates) the identity, opens the history, starts listening and
    // redials known peers. Fails with a message on a corrupt key file, a history it cannot
    // open or a port it cannot bind, and then leaves nothing built.
    bool start(QString *error);
    void stop();
    bool isRunning() const { return m_running; }

    const Profile &profile() const { return m_profile; }
    const NodeConfig &config() const { return m_config; }
    QString id() const;
    quint16 port() const;
    QString displayName() const { return m_profile.displayName(); }
    bool setDisplayName(const QString &name, QString *error);
    // How a device is named wherever it is shown: this profile's own name for this device,
    // else the peer's display name (PeerRecord::displayName), also for a device never seen.
    QString nameOf(const QString &peerId) const;
    // User settings of the one schema (settings.h): the stored value, or the default when
    // none is stored or what is stored does not fit (a hand-edited file). Persisted and applied
    // at once; a value that does not fit the schema is refused with a message.
    QJsonValue setting(const QString &key) const;
    bool setSetting(const QString &key, const QJsonValue &value, QString *error);

    // host:port, [v6]:port or a tincan:// invite link.
    bool connectTo(const QString &target, QString *error);
    QString inviteLink() const;

    // Use cases (nodeusecases.cpp). Each returns false with a message when refused.
    // A message request: accepting makes the peer of a direct conversation a contact.
    bool acceptRequest(const QString &conversationId, QString *error);
    bool ignoreRequest(const QString &conversationId, QString *error);
    // Blocking also ends a running session, so that nothing more arrives from the peer.
    bool setPeerTrust(const QString &peerId, Trust trust, QString *error);
    bool setPeerAlias(const QString &peerId, const QString &alias, QString *error);
    bool resolveKeyChange(const QString &presentedId, bool accept, QString *error);
    // The direct conversation with a peer, made when there is none.
    std::optional<ConversationRecord> openDirect(const QString &peerId, QString *error);
    // to: a peer id or a conversation. Answering a message request accepts it: the user chose
    // to talk.
    std::optional<MessageRecord> sendText(const QString &to, const QString &text,
                                          const QString &replyTo, QString *error);
    // The device that holds this device's messages while it is offline (empty: none): a known
    // peer, never this device. Stored as the setting mailboxPeer.
    bool useMailbox(const QString &peerId, QString *error);

    // This person's devices (nodedevices.cpp). Linking shows a one-time code on this device;
    // joining, on a new profile, enters it; both then confirm the same number. Revoking takes
    // a device off the account's signed list: its links end and it is refused from then on.
    std::optional<DeviceLinking> linkNewDevice(QString *error);
    bool joinAccount(const QString &code, QString *error);
    // Only a new profile joins: no messages, conversations or contacts, one device.
    bool canJoinAccount() const;
    bool confirmDeviceLink(bool accept, QString *error);
    void cancelDeviceLink();
    std::optional<DeviceLinking> deviceLinking() const;
    bool revokeDevice(const QString &deviceId, QString *error);
    // Whether this device was taken off its account's list by another of its devices.
    bool isRevoked() const { return m_revoked; }
    struct OwnDevice
    {
        QString id;
        QString name; // this profile's name for this device, else the device's own
        bool thisDevice = false;
        bool online = false; // this device always
    };
    // This account's devices, in the order of its signed list.
    QList<OwnDevice> ownDevices() const;
    // The history this device got (or gets) from the device that linked it; nullopt: none.
    std::optional<HistoryProgress> historyProgress() const;

    // Valid between start() and stop().
    const Identity &identity() const { return *m_identity; }
    const Account &account() const { return *m_account; }
    // This person's account id (64 hex), empty before start(); id() is this device's.
    QString accountId() const;
    SessionManager &sessions() { return *m_sessions; }
    PeerRepository &peers() { return *m_peers; }
    Messenger &messenger() { return *m_messenger; }
    GroupManager &groups() { return *m_groups; }
    FileTransfers &files() { return *m_files; }
    Courier &courier() { return *m_courier; }
    MailboxService &mailboxService() { return *m_mailboxService; }
    ContactRendezvous &rendezvous() { return *m_rendezvous; }
    Database &database() { return *m_database; }
    // Null when discovery is off (--no-discovery) or its port could not be bound.
    DiscoveryService *discovery() { return m_discovery.get(); }
    // The local HTTP/WebSocket API (core/bridge); null while it is off.
    Bridge *bridge() { return m_bridge.get(); }

    QString nodeInfoPath() const;

Q_SIGNALS:
    // The one change signal: see NodeChange. Emitted after the store holds the change.
    void changed(const Tincan::NodeChange &change);

private:
    void teardown();
    void announce(ChangeKind kind, const QString &id = {});
    bool writeNodeInfo(QString *error) const;
    void applySettings();
    void applyRetention();
    void startDiscovery();
    void applyInternet();
    void applyDht(bool on);
    bool startBridge(QString *error);
    void applyBridgeSettings();
    void startDevices();
    bool adoptAccount(const QByteArray &pem, const QCborMap &list, QString *error);
    void rememberOwnDevice(const DeviceCredential &device, const QString &address);
    void noteContactDevices(const QString &deviceId, const DeviceList &before,
                            const DeviceList &after);
    QStringList lanHosts() const;
    QStringList linkAddresses() const;

    Profile m_profile;
    NodeConfig m_config;
    std::unique_ptr<Identity> m_identity;
    std::unique_ptr<Account> m_account;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<PeerRepository> m_peers;
    std::unique_ptr<SessionManager> m_sessions;
    std::unique_ptr<PeerExchange> m_exchange;
    std::unique_ptr<Messenger> m_messenger;
    std::unique_ptr<TextScrubber> m_scrubber;
    std::unique_ptr<GroupManager> m_groups;
    std::unique_ptr<FileTransfers> m_files;
    std::unique_ptr<MailboxService> m_mailboxService;
    std::unique_ptr<Courier> m_courier;
    std::unique_ptr<ContactRendezvous> m_rendezvous;
    std::unique_ptr<AccountSync> m_accountSync;
    std::unique_ptr<DeviceLinker> m_linker;
    std::unique_ptr<HistoryTransfer> m_historyStore;
    std::unique_ptr<HistorySync> m_history;
    bool m_revoked = false;
    IceTransport *m_ice = nullptr; // owned by the router; while reaching beyond the LAN
    // The DHT, while reaching beyond the LAN with a bootstrap node (nodeinternet.cpp).
    std::unique_ptr<DhtNode> m_dht;
    std::unique_ptr<DhtRendezvous> m_dhtRendezvous;
    QStringList m_dhtJoinedThrough;
    std::unique_ptr<DiscoveryService> m_discovery;
    std::unique_ptr<ReachPolicy> m_reach; // with discovery: whom it dials
    std::unique_ptr<Bridge> m_bridge;
    QTimer m_retentionTimer; // hourly, while retentionDays > 0
    bool m_running = false;
};

} // namespace Tincan
