#pragma once

#include "crypto/devicelist.h"

#include <QCborMap>
#include <QObject>

#include <functional>

namespace Tincan {

class PeerRepository;
class SessionManager;

// Keeps every device's view of an account's signed device list current while links are up
// (protocol.md, "acct"): when this person's list changes (a device linked or revoked) it goes
// to every connected device at once, not only in the next hellos; a newer list of a peer's
// account is stored, and a device it no longer names loses its link here. A newer list of this
// person's own account, signed by another of its devices, becomes this device's.
class AccountSync : public QObject
{
    Q_OBJECT
public:
    struct Hooks
    {
        std::function<DeviceList()> ownList;
        // A newer list of the own account that names this device: store it and use it.
        std::function<bool(const DeviceList &list)> takeOwnList;
    };
    AccountSync(SessionManager &sessions, PeerRepository &peers, Hooks hooks,
                QObject *parent = nullptr);

    // This person's list changed here: every connected device hears it, and a device dropped
    // from it loses its link.
    void ownListChanged();
    // This device joined another account: hellos carry the new list from now on. Its links,
    // made under the old account, are ended by the caller; nothing is sent on them.
    void joinedAccount();

Q_SIGNALS:
    // Another device of this account took this one off the list (from: who brought the list).
    void removedFromAccount(const QString &from);
    // The own list changed through another device of this account.
    void ownListReplaced();
    // A contact's account has a newer list (from the device's hello or an acct frame).
    void contactListReplaced(const QString &deviceId, const Tincan::DeviceList &before,
                             const Tincan::DeviceList &after);

private:
    void onMessage(const QString &peerId, const QCborMap &message);
    void takeOwn(const DeviceList &list, const QString &from);
    void dropRemoved(const DeviceList &list);
    void sendToAll(const DeviceList &list);

    SessionManager &m_sessions;
    PeerRepository &m_peers;
    Hooks m_hooks;
};

} // namespace Tincan
