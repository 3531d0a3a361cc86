// Node's use cases about this person's devices (#18): linking a new device into the account,
// joining one, and revoking one. The protocol is core/devices'; here is what it does to this
// profile.
#include "node.h"

#include "chat/messenger.h"
#include "crypto/account.h"
#include "devices/accountsync.h"
#include "devices/devicelinker.h"
#include "devices/devicenotice.h"
#include "devices/historysync.h"
#include "net/invitelink.h"
#include "net/link.h"
#include "net/sessionmanager.h"
#include "store/database.h"
#include "store/peerrepository.h"
#include "util/logging.h"

namespace Tincan {

void Node::startDevices()
{
    m_revoked = false;
    m_accountSync = std::make_unique<AccountSync>(
        *m_sessions, *m_peers,
        AccountSync::Hooks{[this] { return m_account->devices(); },
                           [this](const DeviceList &list) {
                               QString error;
                               const bool taken = m_account->takeNewer(list, &error);
                               if (!error.isEmpty())
                                   qCWarning(lcCrypto).noquote() << error;
                               return taken;
                           }});
    connect(m_accountSync.get(), &AccountSync::ownListReplaced, this,
            [this] { announce(ChangeKind::Devices); });
    connect(m_accountSync.get(), &AccountSync::contactListReplaced, this,
            &Node::noteContactDevices);
    m_historyStore = std::make_unique<HistoryTransfer>(*m_database, id());
    m_history = std::make_unique<HistorySync>(
        *m_sessions, *m_historyStore,
        HistorySync::Hooks{[this] { return m_messenger->messages().otherOwnDevices(); },
                           [this](int added) { m_messenger->historyImported(added); }});
    connect(m_history.get(), &HistorySync::progressed, this,
            [this] { announce(ChangeKind::Devices); });
    connect(m_accountSync.get(), &AccountSync::removedFromAccount, this, [this] {
        m_revoked = true;
        announce(ChangeKind::Devices);
    });

    DeviceLinker::Hooks hooks;
    hooks.grant = [this](const DeviceCredential &device,
                         QString *error) -> std::optional<DeviceLinker::Grant> {
        if (!m_account->addDevice(device.deviceId, error))
            return std::nullopt;
        rememberOwnDevice(device, QString());
        m_accountSync->ownListChanged();
        qCInfo(lcCrypto).noquote() << "device" << device.deviceId.left(12) << "joined this account";
        return DeviceLinker::Grant{m_account->privateKeyPem(), m_account->devices().signedForm};
    };
    hooks.adopt = [this](const DeviceLinker::Grant &grant, const DeviceCredential &from,
                         const QString &address, QString *error) {
        if (!adoptAccount(grant.keyPem, grant.deviceList, error))
            return false;
        rememberOwnDevice(from, address); // and redialled like any known peer from now on
        m_history->fetchFrom(from.deviceId, setting(QStringLiteral("linkAllHistory")).toBool());
        QString ignored;
        if (const auto target = parseConnectTarget(address, &ignored))
            m_sessions->connectTo(target->host, target->port, from.deviceId);
        return true;
    };
    m_linker = std::make_unique<DeviceLinker>(
        *m_sessions, id(), std::move(hooks),
        DeviceLinker::Timing{m_config.linkCodeLifetime, m_config.linkConfirmWithin});
    connect(m_linker.get(), &DeviceLinker::changed, this,
            [this] { announce(ChangeKind::Devices); });
}

// The other device of a linking, known from now on by its name and key as this person's own
// (the link was no session, so nothing recorded it).
void Node::rememberOwnDevice(const DeviceCredential &device, const QString &address)
{
    if (!m_peers->find(device.deviceId)) {
        PeerRecord record;
        record.id = device.deviceId;
        record.name = device.hello.name;
        record.certificate = device.certificate.toDer();
        record.trust = Trust::Verified;
        record.lastSeen = QDateTime::currentDateTimeUtc();
        if (!address.isEmpty())
            record.addresses = {address};
        m_peers->upsert(record);
    }
    m_peers->recordAccount(device.deviceId, m_account->devices());
}

// This new device now belongs to the account given: every link it had spoke for the account
// it made at its first start, so they end and come back with the new list in their hellos.
bool Node::adoptAccount(const QByteArray &pem, const QCborMap &list, QString *error)
{
    auto account = Account::adopt(m_profile.dir(), id(), pem, list, error, m_config.keyStorage);
    if (!account)
        return false;
    *m_account = std::move(*account);
    m_accountSync->joinedAccount();
    m_messenger->setOwnAccount(accountId());
    for (const QString &peer : m_sessions->connectedPeers())
        m_sessions->disconnectPeer(peer, QStringLiteral("this device joined another account"));
    QString ignored;
    writeNodeInfo(&ignored); // node.json names the account
    announce(ChangeKind::Devices);
    return true;
}

// A contact's account lists other devices than before: their conversation says so, "Ada added
// a device: Ada laptop", where the user reads with them.
void Node::noteContactDevices(const QString &deviceId, const DeviceList &before,
                              const DeviceList &after)
{
    if (after.accountId == accountId())
        return; // this person's own devices are in Settings
    QStringList added, removed;
    for (const QString &device : after.devices) {
        if (!before.contains(device))
            added << device;
    }
    for (const QString &device : before.devices) {
        if (!after.contains(device))
            removed << device;
    }
    const QString body = DeviceNotice::encode(deviceId, added, removed);
    const auto conversation = m_messenger->conversations().findDirect(deviceId);
    if (body.isEmpty() || !conversation)
        return;
    if (const auto line = m_messenger->messages().addEventLine(conversation->id, deviceId, body)) {
        Q_EMIT m_messenger->messageAdded(*line);
        Q_EMIT m_messenger->conversationsChanged();
    }
}

std::optional<HistoryProgress> Node::historyProgress() const
{
    return m_historyStore ? m_historyStore->latest() : std::nullopt;
}

// Where the new device may reach this one: its LAN addresses.
QStringList Node::linkAddresses() const
{
    QStringList addresses;
    for (const QString &host : lanHosts())
        addresses << host + u':' + QString::number(port());
    return addresses.mid(0, LinkCode::MaxAddresses);
}

std::optional<DeviceLinking> Node::linkNewDevice(QString *error)
{
    if (m_revoked) {
        *error = QStringLiteral("this device was removed from its account");
        return std::nullopt;
    }
    if (m_account->devices().devices.size() >= DeviceList::MaxDevices) {
        *error = QStringLiteral("an account has at most %1 devices; revoke one first")
                     .arg(DeviceList::MaxDevices);
        return std::nullopt;
    }
    return m_linker->offer(linkAddresses());
}

// Only a new profile joins: its own account, contacts and history would be lost to it.
bool Node::canJoinAccount() const
{
    return m_running && m_account->devices().devices.size() == 1 &&
           m_messenger->conversations().isEmptyProfile().value_or(false);
}

bool Node::joinAccount(const QString &code, QString *error)
{
    const auto empty = m_messenger->conversations().isEmptyProfile();
    if (!empty) {
        *error = QStringLiteral("the history cannot be read");
        return false;
    }
    if (!*empty || m_account->devices().devices.size() > 1) {
        *error = QStringLiteral("only a new profile can join another device's account; this one "
                                "already has conversations or contacts (start with an empty "
                                "profile: tincan --profile NEW)");
        return false;
    }
    return m_linker->join(code, error);
}

bool Node::confirmDeviceLink(bool accept, QString *error)
{
    return m_linker->confirm(accept, error);
}

void Node::cancelDeviceLink()
{
    m_linker->cancel();
}

std::optional<DeviceLinking> Node::deviceLinking() const
{
    return m_linker ? m_linker->state() : std::nullopt;
}

QList<Node::OwnDevice> Node::ownDevices() const
{
    QList<OwnDevice> devices;
    for (const QString &device : m_account->devices().devices) {
        const bool self = device == id();
        devices.append({device, self ? displayName() : nameOf(device), self,
                        self || m_sessions->isConnected(device)});
    }
    return devices;
}

bool Node::revokeDevice(const QString &deviceId, QString *error)
{
    if (deviceId == id()) {
        *error = QStringLiteral("revoke this device from another device of the account");
        return false;
    }
    if (!m_account->removeDevice(deviceId, error))
        return false;
    qCInfo(lcCrypto).noquote() << "device" << deviceId.left(12) << "was revoked; device list v"
                               << m_account->devices().version;
    m_accountSync->ownListChanged();
    announce(ChangeKind::Devices);
    return true;
}

} // namespace Tincan
