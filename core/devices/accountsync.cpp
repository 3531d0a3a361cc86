#include "accountsync.h"

#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "store/peerrepository.h"
#include "util/logging.h"

namespace Tincan {

AccountSync::AccountSync(SessionManager &sessions, PeerRepository &peers, Hooks hooks,
                         QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_peers(peers)
    , m_hooks(std::move(hooks))
{
    connect(&m_sessions, &SessionManager::messageReceived, this, &AccountSync::onMessage);
    connect(&m_sessions, &SessionManager::accountListReplaced, this,
            &AccountSync::contactListReplaced);
    m_peers.recordList(m_hooks.ownList());
}

void AccountSync::ownListChanged()
{
    joinedAccount();
    const DeviceList list = m_hooks.ownList();
    sendToAll(list);
    dropRemoved(list);
}

void AccountSync::joinedAccount()
{
    const DeviceList list = m_hooks.ownList();
    m_peers.recordList(list);
    m_sessions.setAccountList(list);
}

void AccountSync::sendToAll(const DeviceList &list)
{
    const QCborMap message = Protocol::encodeAccountList(list.signedForm);
    for (const QString &peer : m_sessions.connectedPeers())
        m_sessions.send(peer, message);
}

// Only a device of the account speaks for it, and only with a list that still names it. A list
// of this person's own account is authentic whoever brings it (its own key signed it): a
// contact that refuses this device passes on the list that dropped it.
void AccountSync::onMessage(const QString &peerId, const QCborMap &message)
{
    if (Protocol::typeOf(message) != Protocol::Type::Account)
        return;
    QString error;
    const auto list = DeviceList::verify(Protocol::accountListOf(message), &error);
    if (!list) {
        qCWarning(lcNet).noquote()
            << "ignoring a device list from" << peerId.left(12) << ":" << error;
        return;
    }
    const DeviceList own = m_hooks.ownList();
    if (list->accountId == own.accountId) {
        takeOwn(*list, peerId);
        return;
    }
    const auto sender = m_peers.find(peerId);
    if (!list->contains(peerId) || !sender || sender->accountId != list->accountId) {
        qCWarning(lcNet).noquote()
            << "ignoring a device list from" << peerId.left(12) << ": not of its account";
        return;
    }
    const auto known = m_peers.account(list->accountId);
    if (known && known->version >= list->version)
        return;
    std::optional<DeviceList> replaced;
    m_peers.recordAccount(peerId, *list, &replaced);
    if (replaced)
        Q_EMIT contactListReplaced(peerId, *replaced, *list);
    qCInfo(lcNet).noquote() << "account" << list->accountId.left(12) << "now has"
                            << list->devices.size() << "devices (list v" << list->version << ")";
    dropRemoved(*list);
}

void AccountSync::takeOwn(const DeviceList &list, const QString &from)
{
    if (list.version <= m_hooks.ownList().version)
        return;
    if (!list.contains(m_sessions.localId())) {
        qCWarning(lcNet).noquote() << "this device was removed from its account (device list v"
                                   << list.version << ", brought by" << from.left(12) << ")";
        m_peers.recordList(list);
        Q_EMIT removedFromAccount(from);
        return;
    }
    if (m_hooks.takeOwnList(list)) {
        qCInfo(lcNet).noquote() << "device list of this account is now v" << list.version << "from"
                                << from.left(12);
        ownListChanged();
        Q_EMIT ownListReplaced();
    }
}

void AccountSync::dropRemoved(const DeviceList &list)
{
    for (const QString &device : m_peers.devicesOf(list.accountId)) {
        if (!list.contains(device) && m_sessions.isConnected(device))
            m_sessions.disconnectPeer(device, QStringLiteral("removed from its account"));
    }
}

} // namespace Tincan
