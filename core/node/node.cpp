#include "node.h"

#include "bridge/bridge.h"
#include "chat/messenger.h"
#include "chat/textscrubber.h"
#include "crypto/account.h"
#include "crypto/envelopekey.h"
#include "crypto/identity.h"
#include "devices/accountsync.h"
#include "devices/devicelinker.h"
#include "devices/historysync.h"
#include "dht/dhtnode.h"
#include "dht/dhtrendezvous.h"
#include "discovery/discoveryservice.h"
#include "files/filetransfers.h"
#include "groups/groupmanager.h"
#include "ice/contactrendezvous.h"
#include "mailbox/courier.h"
#include "mailbox/mailboxservice.h"
#include "net/invitelink.h"
#include "net/peerexchange.h"
#include "net/sessionmanager.h"
#include "reachpolicy.h"
#include "settings.h"
#include "store/database.h"
#include "store/historytransfer.h"
#include "store/peerrepository.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkInterface>
#include <QStandardPaths>

namespace Tincan {

Node::Node(Profile profile, NodeConfig config, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_config(std::move(config))
{
    m_retentionTimer.setInterval(std::chrono::hours(1));
    connect(&m_retentionTimer, &QTimer::timeout, this, &Node::applyRetention);
}

Node::~Node()
{
    stop();
}

bool Node::start(QString *error)
{
    if (m_running)
        return true;
    // Whatever fails, the node is left as it was before: nothing open, nothing listening.
    const auto fail = [this] {
        teardown();
        m_account.reset();
        m_identity.reset();
        return false;
    };
    auto identity = Identity::loadOrCreate(m_profile.dir(), error, QString(), m_config.keyStorage);
    if (!identity)
        return false;
    m_identity = std::make_unique<Identity>(std::move(*identity));
    auto account =
        Account::loadOrCreate(m_profile.dir(), m_identity->id(), error, m_config.keyStorage);
    if (!account)
        return fail();
    m_account = std::make_unique<Account>(std::move(*account));
    auto envelopeKey = EnvelopeKey::loadOrCreate(m_profile.dir(), error, m_config.keyStorage);
    if (!envelopeKey)
        return fail();
    m_database = std::make_unique<Database>(m_profile.filePath(Database::fileName()));
    if (!m_database->migrate(error))
        return fail();
    m_peers = std::make_unique<PeerRepository>(*m_database);
    m_sessions = std::make_unique<SessionManager>(*m_identity, *m_account, *m_peers,
                                                  m_config.limits, m_config.reconnect);
    m_sessions->setDisplayName(m_profile.displayName());
    if (!m_sessions->listen(m_config.listenAddress, m_config.port, error))
        return fail();
    m_exchange = std::make_unique<PeerExchange>(*m_sessions, *m_peers);
    m_messenger = std::make_unique<Messenger>(*m_sessions, *m_database, id());
    m_messenger->setOwnAccount(accountId());
    // Arrivals, sends, reads and group changes all touch the conversation list.
    connect(m_messenger.get(), &Messenger::conversationsChanged, this,
            [this] { announce(ChangeKind::Conversations); });
    m_scrubber = std::make_unique<TextScrubber>(*m_messenger, m_config.scrubDelay);
    m_groups = std::make_unique<GroupManager>(*m_sessions, *m_messenger, *m_database, *m_identity,
                                              *m_peers);
    m_files = std::make_unique<FileTransfers>(*m_sessions, *m_messenger, *m_database);
    m_mailboxService = std::make_unique<MailboxService>(*m_sessions, *m_database);
    m_courier = std::make_unique<Courier>(*m_sessions, *m_messenger, *m_peers, *m_database,
                                          *m_identity, std::move(*envelopeKey));
    connect(m_courier.get(), &Courier::mailboxStateChanged, this,
            [this] { announce(ChangeKind::Mailbox); });
    // Every node introduces its contacts to each other (it passes sealed signals on over links
    // it has); reaching beyond the LAN itself is what --internet adds.
    m_rendezvous = std::make_unique<ContactRendezvous>(*m_sessions, m_courier->records());
    startDevices();
    applySettings(); // reaching beyond the LAN among them
    if (!startBridge(error) || !writeNodeInfo(error))
        return fail();
    m_running = true;
    qCInfo(lcNet).noquote() << "listening on TCP port" << port() << "as device" << id()
                            << "of account" << accountId();
    m_sessions->reconnectKnownPeers();
    if (m_config.discovery)
        startDiscovery();
    return true;
}

void Node::startDiscovery()
{
    DiscoveryConfig config;
    config.port = m_config.discoveryPort;
    config.timing = m_config.discoveryTiming;
    config.limits = m_config.discoveryLimits;
    m_discovery = std::make_unique<DiscoveryService>(*m_sessions, config);
    m_discovery->setDisplayName(m_profile.displayName());
    m_reach = std::make_unique<ReachPolicy>(*m_discovery, *m_sessions, *m_messenger, *m_peers);
    QString error;
    if (!m_discovery->start(&error)) {
        qCWarning(lcDiscovery).noquote() << "discovery is off:" << error;
        m_reach.reset();
        m_discovery.reset();
    }
}

void Node::stop()
{
    if (!m_running)
        return;
    m_running = false;
    teardown();
    QFile::remove(nodeInfoPath());
    qCInfo(lcApp) << "node stopped";
}

// The reverse of start(); after a failed start() any part may be missing.
void Node::teardown()
{
    m_retentionTimer.stop();
    m_bridge.reset(); // it serves from every subsystem below
    m_reach.reset();
    m_discovery.reset(); // says goodbye while the sessions still exist
    m_exchange.reset();
    m_dhtRendezvous.reset(); // before the DHT node it puts and listens through
    m_dht.reset();           // stops OpenDHT's threads
    m_dhtJoinedThrough.clear();
    m_linker.reset(); // its link, if any, ends with it
    m_history.reset();
    m_historyStore.reset();
    if (m_sessions)
        m_sessions->shutdown();
    m_accountSync.reset();
    m_rendezvous.reset();
    m_ice = nullptr; // the router owned it
    m_courier.reset();
    m_mailboxService.reset();
    m_files.reset(); // flushes what was received so far
    m_groups.reset();
    if (m_scrubber)
        m_scrubber->flush();
    m_scrubber.reset();
    m_messenger.reset();
    m_sessions.reset();
    m_peers.reset();
    m_database.reset();
}

void Node::announce(ChangeKind kind, const QString &id)
{
    Q_EMIT changed(NodeChange{kind, id});
}

QString Node::id() const
{
    return m_identity ? m_identity->id() : QString();
}

QString Node::nameOf(const QString &peerId) const
{
    if (peerId == id())
        return displayName();
    if (const auto peer = m_peers ? m_peers->find(peerId) : std::nullopt)
        return peer->displayName();
    return PeerRecord::displayNameOf(peerId, {}, {});
}

QString Node::accountId() const
{
    return m_account ? m_account->id() : QString();
}

quint16 Node::port() const
{
    return m_sessions ? m_sessions->port() : 0;
}

bool Node::setDisplayName(const QString &name, QString *error)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        *error = QStringLiteral("The display name must not be empty.");
        return false;
    }
    if (trimmed == m_profile.displayName())
        return true;
    if (!m_profile.setDisplayName(trimmed, error))
        return false;
    if (m_sessions)
        m_sessions->setDisplayName(trimmed);
    if (m_discovery)
        m_discovery->setDisplayName(trimmed);
    if (m_running)
        writeNodeInfo(error);
    announce(ChangeKind::Profile);
    return true;
}

bool Node::connectTo(const QString &text, QString *error)
{
    const auto target = parseConnectTarget(text, error);
    if (!target)
        return false;
    if (!m_running) {
        *error = QStringLiteral("the node is not running");
        return false;
    }
    if (target->host.isEmpty() && !m_sessions->reachesDevicesById()) {
        *error = QStringLiteral("a link without an address (tincan://ID) needs reaching beyond "
                                "the LAN (--internet)");
        return false;
    }
    m_sessions->connectTo(*target);
    return true;
}

QString Node::inviteLink() const
{
    return formatInviteLink(lanHosts().constFirst(), port(), id());
}

// The IPv4 addresses a LAN neighbour can reach this node at; loopback when there is nothing
// else, or when it listens on loopback only (tests, a second profile on this machine).
QStringList Node::lanHosts() const
{
    QStringList hosts;
    if (!m_config.listenAddress.isLoopback()) {
        for (const QNetworkInterface &iface : QNetworkInterface::allInterfaces()) {
            const auto flags = iface.flags();
            if (!(flags & QNetworkInterface::IsUp) || !(flags & QNetworkInterface::IsRunning) ||
                (flags & QNetworkInterface::IsLoopBack))
                continue;
            for (const QNetworkAddressEntry &entry : iface.addressEntries()) {
                if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol)
                    hosts << entry.ip().toString();
            }
        }
    }
    if (hosts.isEmpty())
        hosts << QStringLiteral("127.0.0.1");
    return hosts;
}

QJsonValue Node::setting(const QString &key) const
{
    const SettingSpec *spec = Settings::find(key);
    Q_ASSERT_X(spec, "Node::setting", "a setting outside the schema");
    if (!spec)
        return {};
    const QJsonValue stored = m_profile.setting(key);
    QString ignored;
    if (stored.isUndefined() || !Settings::check(*spec, stored, &ignored))
        return spec->fallback;
    return stored;
}

bool Node::setSetting(const QString &key, const QJsonValue &value, QString *error)
{
    const SettingSpec *spec = Settings::find(key);
    if (!spec) {
        *error = QStringLiteral("no such setting: %1").arg(key);
        return false;
    }
    const auto checked = Settings::check(*spec, value, error);
    if (!checked)
        return false;
    if (m_profile.setting(key) == *checked)
        return true; // nothing changed: nothing to apply or announce
    if (!m_profile.setSetting(key, *checked, error))
        return false;
    applySettings();
    if (key.startsWith(QLatin1String("bridge"))) // queued: the request may come over the bridge
        QMetaObject::invokeMethod(this, &Node::applyBridgeSettings, Qt::QueuedConnection);
    announce(ChangeKind::Setting, key);
    return true;
}

void Node::applySettings()
{
    if (!m_messenger)
        return;
    m_messenger->setSendReadReceipts(setting(QStringLiteral("readReceipts")).toBool());
    m_messenger->messages().setAcceptEveryone(setting(QStringLiteral("acceptEveryone")).toBool());
    FileTransferSettings files;
    files.downloadDir = setting(QStringLiteral("downloadDir")).toString();
    if (files.downloadDir.isEmpty())
        files.downloadDir = QDir(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation))
                                .filePath(QStringLiteral("Tincan"));
    files.autoAcceptBytes = qint64(setting(QStringLiteral("fileAutoAcceptBytes")).toDouble());
    files.sendRateLimit = qint64(setting(QStringLiteral("fileSendRateLimit")).toDouble());
    files.autoAcceptPerDayBytes =
        qint64(setting(QStringLiteral("fileAutoAcceptPerDayBytes")).toDouble());
    m_files->setSettings(files);
    m_mailboxService->setOffered(m_config.mailbox ||
                                 setting(QStringLiteral("mailboxOffer")).toBool());
    m_mailboxService->setQuotaBytes(qint64(setting(QStringLiteral("mailboxQuotaMiB")).toDouble())
                                    << 20);
    m_courier->setMailbox(setting(QStringLiteral("mailboxPeer")).toString());
    applyInternet();
    applyRetention();
}

// retentionDays > 0: history older than that goes, now and every hour while the node runs;
// messages still waiting to be delivered stay (MessageStore::applyRetention).
void Node::applyRetention()
{
    const int days = setting(QStringLiteral("retentionDays")).toInt();
    if (days <= 0 || !m_messenger) {
        m_retentionTimer.stop();
        return;
    }
    if (m_messenger->messages().applyRetention(days) > 0)
        m_scrubber->schedule();
    if (!m_retentionTimer.isActive())
        m_retentionTimer.start();
}

QString Node::nodeInfoPath() const
{
    return m_profile.filePath(QStringLiteral("node.json"));
}

bool Node::writeNodeInfo(QString *error) const
{
    QJsonObject info;
    info.insert(QStringLiteral("pid"), QCoreApplication::applicationPid());
    info.insert(QStringLiteral("name"), m_profile.displayName());
    info.insert(QStringLiteral("port"), port());
    info.insert(QStringLiteral("fingerprint"), id()); // this device; kept as it was in 0.1
    info.insert(QStringLiteral("account"), accountId());
    info.insert(QStringLiteral("invite"), inviteLink());
    if (m_bridge)
        info.insert(QStringLiteral("bridge"),
                    QJsonObject{{QStringLiteral("port"), m_bridge->port()}});
    return writePrivateFile(nodeInfoPath(), QJsonDocument(info).toJson(QJsonDocument::Indented),
                            error);
}

bool Node::startBridge(QString *error)
{
    const auto port = m_config.bridgePort ? m_config.bridgePort : Bridge::portFromSettings(*this);
    if (!port)
        return true;
    auto bridge = std::make_unique<Bridge>(*this);
    if (!bridge->start(*port, error)) {
        if (m_config.bridgePort) // asked for on the command line: a node without it is no use
            return false;
        qCWarning(lcBridge).noquote() << "the bridge is off:" << *error;
        return true;
    }
    m_bridge = std::move(bridge);
    return true;
}

void Node::applyBridgeSettings()
{
    if (!m_running || m_config.bridgePort)
        return;
    const auto wanted = Bridge::portFromSettings(*this);
    if (bool(wanted) == bool(m_bridge) && (!wanted || *wanted == 0 || *wanted == m_bridge->port()))
        return;
    m_bridge.reset();
    QString error;
    if (!startBridge(&error) || !writeNodeInfo(&error))
        qCWarning(lcBridge).noquote() << error;
}

} // namespace Tincan
