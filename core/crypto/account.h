#pragma once

#include "devicelist.h"
#include "keystore.h"

#include <memory>
#include <optional>

struct evp_pkey_st;

namespace Tincan {

// This profile's account: the key that signs the list of its person's devices (DeviceList).
// Peers will key conversations and trust on it, so that one person may use several devices.
// A profile starts as an account with one device, this one; linking (core/devices) adds
// devices, and each device of the account holds the key, so that any of them can add or
// revoke another. The key is an EC P-256 key of its own, never the TLS key, so that a device
// can be replaced without the person changing.
// Files: DIR/account.key (PEM, 0600, or a reference to its keyring entry: KeyStore) and
// DIR/account.devices (the signed list, CBOR, 0600).
class Account
{
public:
    // Loads both files, or creates what is missing: a new key and a list of this device when
    // neither exists (first start, or a profile made before accounts existed), a list of this
    // device when only the key does. A list without its key, a list of another key or one
    // without this device is refused with *error naming the file: making a new account
    // silently would make this person a stranger to every peer.
    static std::optional<Account> loadOrCreate(const QString &profileDir, const QString &deviceId,
                                               QString *error,
                                               KeyStorage storage = KeyStorage::File);

    // Joining: the account of another device, given to this one over its link (core/devices).
    // The list must verify, be signed by pem's key and name deviceId. Replaces this profile's
    // account files: the list first, so that a crash in between leaves a clear error at the
    // next start ("belongs to another account than the key"), never a second list.
    static std::optional<Account> adopt(const QString &profileDir, const QString &deviceId,
                                        const QByteArray &pem, const QCborMap &signedList,
                                        QString *error, KeyStorage storage = KeyStorage::File);

    QString id() const { return m_devices.accountId; }
    const DeviceList &devices() const { return m_devices; }
    // For a new device of this person only, inside its authenticated link: unencrypted PKCS#8.
    QByteArray privateKeyPem() const;

    // Signs and stores the next version of the list with deviceId added or removed.
    bool addDevice(const QString &deviceId, QString *error);
    bool removeDevice(const QString &deviceId, QString *error);
    // A list of this account signed by another of its devices: taken (and stored) when it is
    // newer than the one held. Returns whether it was taken.
    bool takeNewer(const DeviceList &list, QString *error);

    static QString keyFileName() { return QStringLiteral("account.key"); }
    static QString devicesFileName() { return QStringLiteral("account.devices"); }

private:
    Account() = default;
    bool signDevices(quint64 version, const QStringList &devices, QString *error);
    bool store(QString *error) const; // the list, to DIR/account.devices

    std::shared_ptr<evp_pkey_st> m_key;
    DeviceList m_devices;
    QString m_listPath;
};

} // namespace Tincan
