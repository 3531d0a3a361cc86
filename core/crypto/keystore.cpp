#include "keystore.h"
#include "storedkey.h"

#include "keyfile.h"
#include "keyring.h"
#include "selfsigned.h"

#include "profile/profile.h"
#include "util/logging.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace Tincan::KeyStore {

namespace {

// What a key file holds once its key is in the keyring: this prefix and the entry's name.
const QByteArray entryPrefix = QByteArrayLiteral("tincan-keyring-entry v1 ");

// The entry named by a key file, or nullopt when the file holds the key itself. An empty name
// means a damaged reference.
std::optional<QString> entryOf(const QByteArray &contents)
{
    if (!contents.startsWith(entryPrefix))
        return std::nullopt;
    const QByteArray name = contents.mid(entryPrefix.size()).trimmed();
    for (const char c : name)
        if (!(QChar::isLetterOrNumber(uchar(c)) || c == '.' || c == '/' || c == '-'))
            return QString();
    return QString::fromLatin1(name);
}

QByteArray referenceTo(const QString &entry)
{
    return entryPrefix + entry.toLatin1() + '\n';
}

// Random, so that two profiles of one user never share an entry, and the entry does not depend
// on where the profile directory is.
QString newEntry(const QString &path)
{
    QByteArray random(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()),
                                          random.size() / int(sizeof(quint32)));
    return QFileInfo(path).fileName() + u'/' + QString::fromLatin1(random.toHex());
}

// Puts pem into a new keyring entry and proves it is there; the entry's name, or nullopt with
// the reason logged.
std::optional<QString> storeInKeyring(const QString &path, const QString &what,
                                      const QByteArray &pem)
{
    const QString entry = newEntry(path);
    const Keyring::Result written = Keyring::write(entry, pem);
    if (!written.ok()) {
        qCInfo(lcCrypto).noquote() << "The" << what << "stays in" << path
                                   << "(mode 0600): the system keyring" << written.message;
        return std::nullopt;
    }
    const Keyring::Result back = Keyring::read(entry);
    if (!back.ok() || back.data != pem) {
        Keyring::remove(entry);
        qCWarning(lcCrypto).noquote()
            << "The" << what << "stays in" << path
            << "(mode 0600): the system keyring did not give back what was stored";
        return std::nullopt;
    }
    return entry;
}

// Overwrites the whole of an open file with zeros and waits for the disk. Replacing a file
// only unlinks its old inode, and the key's bytes would stay in the freed blocks. A best
// effort: a copy-on-write file system or an SSD's wear levelling may keep old blocks anyway.
void zeroFill(QFile &file)
{
    const qint64 size = file.size();
    if (!file.seek(0) || file.write(QByteArray(size, '\0')) != size || !file.flush()) {
        qCWarning(lcCrypto).noquote() << "Could not overwrite the old copy of" << file.fileName()
                                      << ":" << file.errorString();
        return;
    }
#ifdef Q_OS_UNIX
    ::fsync(file.handle());
#endif
}

void moveToKeyring(const QString &path, const QString &what, const QByteArray &pem)
{
    const std::optional<QString> entry = storeInKeyring(path, what, pem);
    if (!entry)
        return;
    // Held open across the replacement, so that the old inode can still be wiped once the
    // reference is safely in its place, and never before: until then it is the only copy
    // outside the keyring.
    QFile old(path);
    const bool opened = old.open(QIODevice::ReadWrite);
    QString error;
    if (!writePrivateFile(path, referenceTo(*entry), &error)) {
        Keyring::remove(*entry);
        qCWarning(lcCrypto).noquote() << "The" << what << "stays in" << path << ":" << error;
        return;
    }
    if (opened)
        zeroFill(old);
    qCInfo(lcCrypto).noquote() << "Moved the" << what << "into the system keyring;" << path
                               << "now only names its entry" << *entry;
}

void moveToFile(const QString &path, const QString &what, const QString &entry,
                const QByteArray &pem)
{
    QString error;
    if (!writePrivateFile(path, pem, &error)) {
        qCWarning(lcCrypto).noquote() << "The" << what << "stays in the system keyring:" << error;
        return;
    }
    const Keyring::Result removed = Keyring::remove(entry);
    if (!removed.ok())
        qCWarning(lcCrypto).noquote()
            << "The" << what << "is back in" << path << "but its old keyring entry" << entry
            << "could not be removed: the keyring" << removed.message;
    qCInfo(lcCrypto).noquote() << "Moved the" << what << "out of the system keyring into" << path
                               << "(mode 0600)";
}

} // namespace

std::optional<QByteArray> read(const QString &path, const QString &what, KeyStorage storage,
                               QString *error)
{
    const std::optional<QByteArray> contents = KeyFile::read(path, what, error);
    if (!contents || !KeyFile::refuseIfExposed(path, what, error))
        return std::nullopt;
    const std::optional<QString> entry = entryOf(*contents);
    if (!entry) {
        if (storage == KeyStorage::Keyring)
            moveToKeyring(path, what, *contents);
        return contents;
    }
    if (entry->isEmpty()) {
        KeyFile::setError(error, QStringLiteral("The %1 %2 is corrupt: it should name an entry "
                                                "of the system keyring, but the name is damaged.")
                                     .arg(what, path));
        return std::nullopt;
    }
    const Keyring::Result key = Keyring::read(*entry);
    if (!key.ok()) {
        KeyFile::setError(
            error, QStringLiteral("The %1 of this profile is kept in the system keyring (entry "
                                  "\"%2\" of service Tincan, named by %3), but the keyring %4. "
                                  "Tincan makes no new key, because every contact would then see "
                                  "a stranger: unlock or start the keyring (or restore a copy of "
                                  "the profile made with --key-storage=file) and start again.")
                       .arg(what, *entry, path, key.message));
        return std::nullopt;
    }
    if (storage == KeyStorage::File)
        moveToFile(path, what, *entry, key.data);
    return key.data;
}

bool write(const QString &path, const QString &what, const QByteArray &pem, KeyStorage storage,
           QString *error, KeyStorage *keptIn)
{
    if (storage == KeyStorage::Keyring) {
        if (const std::optional<QString> entry = storeInKeyring(path, what, pem)) {
            if (!writePrivateFile(path, referenceTo(*entry), error)) {
                Keyring::remove(*entry);
                return false;
            }
            if (keptIn)
                *keptIn = KeyStorage::Keyring;
            return true;
        }
    }
    if (keptIn)
        *keptIn = KeyStorage::File;
    return writePrivateFile(path, pem, error);
}

OpenSsl::PkeyPtr readP256(const QString &path, const QString &what, KeyStorage storage,
                          QString *error)
{
    const std::optional<QByteArray> pem = read(path, what, storage, error);
    if (!pem)
        return nullptr;
    OpenSsl::PkeyPtr key = OpenSsl::privateKeyFromPem(*pem);
    if (!key) {
        KeyFile::setError(error, QStringLiteral("The %1 %2 is corrupt (not an unencrypted PEM "
                                                "private key): %3")
                                     .arg(what, path, OpenSsl::takeErrors()));
        return nullptr;
    }
    if (!OpenSsl::isP256(key.get())) {
        KeyFile::setError(error,
                          QStringLiteral("The %1 %2 is not an EC P-256 key.").arg(what, path));
        return nullptr;
    }
    return key;
}

OpenSsl::PkeyPtr createP256(const QString &path, const QString &what, KeyStorage storage,
                            QString *error)
{
    QString message;
    OpenSsl::PkeyPtr key = OpenSsl::generateP256Key(&message);
    const QByteArray pem = key ? OpenSsl::privateKeyToPem(key.get()) : QByteArray();
    if (pem.isEmpty()) {
        KeyFile::setError(
            error, message.isEmpty()
                       ? QStringLiteral("Cannot make the %1: %2").arg(what, OpenSsl::takeErrors())
                       : message);
        return nullptr;
    }
    if (!write(path, what, pem, storage, error))
        return nullptr;
    return key;
}

void discard(const QString &path)
{
    // Read as every key file is read (a regular file of bounded size); an unreadable one names
    // no entry, and is removed all the same.
    const std::optional<QByteArray> contents = KeyFile::read(path, QString(), nullptr);
    const std::optional<QString> entry = contents ? entryOf(*contents) : std::nullopt;
    if (entry && !entry->isEmpty()) {
        const Keyring::Result removed = Keyring::remove(*entry);
        if (!removed.ok() && removed.status != Keyring::Result::Status::NotFound)
            qCWarning(lcCrypto).noquote() << "The unused keyring entry" << *entry
                                          << "could not be removed: the keyring" << removed.message;
    }
    QFile::remove(path);
}

} // namespace Tincan::KeyStore
