#pragma once

#include "devicelist.h"
#include "keystore.h"

#include <memory>
#include <optional>

struct evp_pkey_st;

namespace Tincan {

// This profile's account: the key that signs the list of its person's devices (DeviceList).
// Peers will key conversations and trust on it, so that one person may use several devices.
// Today every profile is an account with one device, this one. The key is an EC P-256 key of
// its own, never the TLS key, so that a device can be replaced without the person changing.
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

    QString id() const { return m_devices.accountId; }
    const DeviceList &devices() const { return m_devices; }

    static QString keyFileName() { return QStringLiteral("account.key"); }
    static QString devicesFileName() { return QStringLiteral("account.devices"); }

private:
    Account() = default;
    bool signDevices(quint64 version, const QStringList &devices, QString *error);

    std::shared_ptr<evp_pkey_st> m_key;
    DeviceList m_devices;
};

} // namespace Tincan
