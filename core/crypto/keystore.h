#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Tincan {

// Where a profile's private keys (identity, account) are kept at rest.
enum class KeyStorage
{
    File,    // in the key file itself, mode 0600
    Keyring, // in the system keyring where one is reachable; else as File
};

// The private keys of a profile, wherever they are kept. A key in the keyring leaves behind, at
// its file's path, a small file (mode 0600) that names its keyring entry and holds no secret: the
// profile still shows which keys it has, and a key is never made anew because it is elsewhere.
namespace KeyStore {

// The PEM of the key at path. What is kept where is brought in line with storage: a key still in
// its file moves into the keyring (written, read back and compared before the file is replaced),
// and with File a key in the keyring moves back into its file. A key named in the keyring that
// the keyring cannot give is an error, never a reason for a new key.
std::optional<QByteArray> read(const QString &path, const QString &what, KeyStorage storage,
                               QString *error);

// Stores a new key at path, in the keyring when storage asks for it and one is reachable;
// *keptIn (if given) says where it went.
bool write(const QString &path, const QString &what, const QByteArray &pem, KeyStorage storage,
           QString *error, KeyStorage *keptIn = nullptr);

// Takes back a key that write() stored moments ago and nobody has seen: its keyring entry, if it
// went there, and its file. For a profile whose making failed half-way, so that no orphan entry
// stays in the keyring.
void discard(const QString &path);

} // namespace KeyStore
} // namespace Tincan
