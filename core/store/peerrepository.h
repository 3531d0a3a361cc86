#pragma once

#include "crypto/devicelist.h"
#include "storetypes.h"

#include <optional>

namespace Tincan {

class Database;

// Everyone this profile has seen on the network, contact or not. Every method is usable from
// any thread; writes are single transactions. Invalid peer ids are refused (false / nullopt).
class PeerRepository
{
public:
    static constexpr int maxAddresses = 8;

    explicit PeerRepository(Database &db)
        : m_db(db)
    {}

    std::optional<PeerRecord> find(const QString &id) const;
    // Sorted by display name (alias, else name); nullopt on a database error.
    std::optional<QList<PeerRecord>> all() const;

    // Inserts or replaces every field of the peer.
    bool upsert(const PeerRecord &peer);
    bool setTrust(const QString &id, Trust trust);
    bool setAlias(const QString &id, const QString &alias);
    bool setContact(const QString &id, bool isContact);
    // The device was reached over the internet by its id (ICE): it is sought that way again,
    // also after a restart.
    bool setReachById(const QString &id, bool reachById);
    // Those devices, unless blocked: what the router seeks by id when it can.
    QStringList idsReachableById() const;
    // A peer announced itself or connected: creates it if unknown, updates the name, puts the
    // address first (deduplicated, at most maxAddresses kept) and advances last_seen.
    bool recordSeen(const QString &id, const QString &name, const QString &address,
                    const QDateTime &when);

    // A device showed its account's signed device list (already verified): stores the list
    // unless a higher version of it is known, and ties the device to the account if it was
    // tied to none, or moves it there (movesAccount) (peeraccounts.cpp).
    // *replaced: the older list of the account that this one replaced, if any.
    bool recordAccount(const QString &deviceId, const DeviceList &list,
                       std::optional<DeviceList> *replaced = nullptr);
    // The newest list known for an account; nullopt when none (or it no longer verifies).
    std::optional<DeviceList> account(const QString &accountId) const;
    // Stores an account's list without a device to tie (this node's own account, so that the
    // rules for devices dropped from a list hold for this person's devices too).
    bool recordList(const DeviceList &list);
    // Whether a device tied to account `from` may move to the account of `shown`: it was alone
    // in `from` (a one-device list, version 1: a fresh profile) and `shown` names it among
    // others. That is a new device linked into an account (core/devices); recordAccount() then
    // moves it.
    bool movesAccount(const QString &deviceId, const QString &from, const DeviceList &shown) const;
    // The devices tied to an account, as recorded.
    QStringList devicesOf(const QString &accountId) const;
    // Where a message to this device's person goes (#18 fan-out): every device its account's
    // newest list names but selfId that showed that account here itself; the device alone when
    // no list is known for it (a peer from before accounts) or the list names no other. A
    // device the list dropped is not among them, so it receives nothing new.
    QStringList devicesOfPerson(const QString &deviceId, const QString &selfId) const;
    // The devices of everyone in members (a group's member devices) but this person's own:
    // each member's person on all of their devices, not ownDevices, not selfId.
    QStringList devicesOfPeople(const QStringList &members, const QString &selfId,
                                const QStringList &ownDevices) const;
    // The devices of this account's newest list besides selfId: where copies of what this
    // device sends and reads go. Empty when the list is unknown.
    QStringList otherOwnDevices(const QString &ownAccountId, const QString &selfId) const;

    // Someone the user knows, as opposed to a stranger: a contact, a verified key, or a peer with
    // an accepted direct conversation (the user wrote first, or accepted its request); never a
    // blocked one. Who may invite us into groups and introduce peers (docs/security.md).
    bool isKnown(const QString &id) const;

    // Forgets strangers that left nothing here: not a contact, never verified, blocked or
    // renamed, in no conversation, group or transfer. Those not seen since notSeenSince go, and
    // all but the keepAtMost seen last. Returns how many went, -1 on error.
    int forgetStrangers(const QDateTime &notSeenSince, int keepAtMost);
    static constexpr int MaxStrangers = 1000;
    static constexpr int ForgetStrangersAfterDays = 30;

private:
    bool updateColumn(const QString &id, const QString &column, const QVariant &value);

    Database &m_db;
};

} // namespace Tincan
