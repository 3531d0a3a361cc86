#include "account.h"

#include "fingerprint.h"
#include "keyfile.h"
#include "keystore.h"
#include "opensslhelpers.h"
#include "storedkey.h"

#include "profile/profile.h"
#include "util/logging.h"

#include <QCborArray>
#include <QDir>

namespace Tincan {

namespace {
const QString keyWhat = QStringLiteral("account key");
const QString listWhat = QStringLiteral("account device list");

} // namespace

std::optional<Account> Account::loadOrCreate(const QString &profileDir, const QString &deviceId,
                                             QString *error, KeyStorage storage)
{
    const OpenSsl::ErrorQueueGuard clearErrors;
    const QDir dir(profileDir);
    const QString keyPath = dir.filePath(keyFileName());
    const QString listPath = dir.filePath(devicesFileName());
    const bool hasKey = KeyFile::present(keyPath);
    const bool hasList = KeyFile::present(listPath);
    if (hasList && !hasKey) {
        KeyFile::setError(error,
                          QStringLiteral("The account key %1 is missing, but its device list %2 "
                                         "exists. Refusing to make a new account: restore the "
                                         "key from a backup of the profile, or remove %2 to "
                                         "start over as a new account.")
                              .arg(keyPath, listPath));
        return std::nullopt;
    }

    Account account;
    account.m_listPath = listPath;
    OpenSsl::PkeyPtr key = hasKey ? KeyStore::readP256(keyPath, keyWhat, storage, error)
                                  : KeyStore::createP256(keyPath, keyWhat, storage, error);
    if (!key)
        return std::nullopt;
    account.m_key = std::shared_ptr<EVP_PKEY>(key.release(), &EVP_PKEY_free);

    if (!hasList) {
        if (!account.signDevices(1, {deviceId}, error) || !account.store(error)) {
            if (!hasKey) // nobody has seen the new key yet: taking it back loses nothing
                KeyStore::discard(keyPath);
            return std::nullopt;
        }
        qCInfo(lcCrypto).noquote()
            << "Created account" << account.id() << "for device" << deviceId.left(12);
        return account;
    }

    const auto bytes = KeyFile::read(listPath, listWhat, error);
    if (!bytes)
        return std::nullopt;
    QString reason;
    const QCborValue value = QCborValue::fromCbor(*bytes);
    auto list = DeviceList::verify(value.toMap(), &reason);
    if (!list) {
        KeyFile::setError(
            error,
            QStringLiteral("The account device list %1 is corrupt: %2").arg(listPath, reason));
        return std::nullopt;
    }
    if (list->accountKey != OpenSsl::spkiDerOf(account.m_key.get())) {
        KeyFile::setError(error, QStringLiteral("The account device list %1 belongs to another "
                                                "account than the key %2.")
                                     .arg(listPath, keyPath));
        return std::nullopt;
    }
    if (!list->contains(deviceId)) {
        KeyFile::setError(error, QStringLiteral("This device (%1) is not on the device list %2 "
                                                "of its account.")
                                     .arg(deviceId.left(12), listPath));
        return std::nullopt;
    }
    account.m_devices = std::move(*list);
    return account;
}

std::optional<Account> Account::adopt(const QString &profileDir, const QString &deviceId,
                                      const QByteArray &pem, const QCborMap &signedList,
                                      QString *error, KeyStorage storage)
{
    const OpenSsl::ErrorQueueGuard clearErrors;
    QString reason;
    auto list = DeviceList::verify(signedList, &reason);
    OpenSsl::PkeyPtr key = OpenSsl::privateKeyFromPem(pem);
    if (!list || !key || !OpenSsl::isP256(key.get()) ||
        list->accountKey != OpenSsl::spkiDerOf(key.get()) || !list->contains(deviceId)) {
        KeyFile::setError(error, QStringLiteral("The account given is unusable: %1")
                                     .arg(reason.isEmpty() ? QStringLiteral("its key and list do "
                                                                            "not match this device")
                                                           : reason));
        return std::nullopt;
    }
    const QDir dir(profileDir);
    Account account;
    account.m_key = std::shared_ptr<EVP_PKEY>(key.release(), &EVP_PKEY_free);
    account.m_devices = std::move(*list);
    account.m_listPath = dir.filePath(devicesFileName());
    if (!account.store(error) ||
        !KeyStore::write(dir.filePath(keyFileName()), keyWhat, pem, storage, error))
        return std::nullopt;
    qCInfo(lcCrypto).noquote() << "This device" << deviceId.left(12) << "joined account"
                               << account.id();
    return account;
}

QByteArray Account::privateKeyPem() const
{
    return OpenSsl::privateKeyToPem(m_key.get());
}

bool Account::addDevice(const QString &deviceId, QString *error)
{
    if (m_devices.contains(deviceId))
        return true;
    if (m_devices.devices.size() >= DeviceList::MaxDevices) {
        KeyFile::setError(error, QStringLiteral("An account has at most %1 devices; revoke one "
                                                "first.")
                                     .arg(DeviceList::MaxDevices));
        return false;
    }
    const Account before = *this;
    if (signDevices(m_devices.version + 1, m_devices.devices + QStringList{deviceId}, error) &&
        store(error))
        return true;
    *this = before;
    return false;
}

bool Account::removeDevice(const QString &deviceId, QString *error)
{
    if (!m_devices.contains(deviceId)) {
        KeyFile::setError(
            error, QStringLiteral("%1 is not a device of this account.").arg(deviceId.left(12)));
        return false;
    }
    if (m_devices.devices.size() == 1) {
        KeyFile::setError(error, QStringLiteral("The last device of an account cannot be "
                                                "revoked."));
        return false;
    }
    QStringList rest = m_devices.devices;
    rest.removeAll(deviceId);
    const Account before = *this;
    if (signDevices(m_devices.version + 1, rest, error) && store(error))
        return true;
    *this = before;
    return false;
}

bool Account::takeNewer(const DeviceList &list, QString *error)
{
    if (list.accountId != id() || list.version <= m_devices.version)
        return false;
    const DeviceList before = m_devices;
    m_devices = list;
    if (store(error))
        return true;
    m_devices = before;
    return false;
}

bool Account::store(QString *error) const
{
    return writePrivateFile(m_listPath, m_devices.signedForm.toCborValue().toCbor(), error);
}

bool Account::signDevices(quint64 version, const QStringList &devices, QString *error)
{
    const QByteArray publicKey = OpenSsl::spkiDerOf(m_key.get());
    QCborMap body;
    body.insert(QStringLiteral("a"), idOfSpki(publicKey));
    body.insert(QStringLiteral("v"), qint64(version));
    body.insert(QStringLiteral("d"), QCborArray::fromStringList(devices));
    body.insert(QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch());
    const QByteArray bodyBytes = body.toCborValue().toCbor();
    const QByteArray signature =
        OpenSsl::signSha256(m_key.get(), DeviceList::signedData(bodyBytes));
    QCborMap signedForm;
    signedForm.insert(QStringLiteral("k"), publicKey);
    signedForm.insert(QStringLiteral("b"), bodyBytes);
    signedForm.insert(QStringLiteral("s"), signature);
    // Checked like any peer's list: what this device sends is what peers will accept.
    auto list = DeviceList::verify(signedForm, error);
    if (!list)
        return false;
    m_devices = std::move(*list);
    return true;
}

} // namespace Tincan
