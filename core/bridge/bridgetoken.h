#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Tincan {

// The secret every bridge request must carry: 32 random bytes, base64url without padding
// (43 characters), kept in DIR/bridge.token with mode 0600 so that only the profile's owner
// (and `tincan ctl`, running as that user) can read it.
namespace BridgeToken {

inline constexpr int randomBytes = 32;
QString filePath(const QString &profileDir);

QByteArray generate();
bool isWellFormed(const QByteArray &token);

// The stored token, or a new one when there is none, it is malformed, or the file can be read
// by others (then it may have leaked).
std::optional<QByteArray> loadOrCreate(const QString &profileDir, QString *error);
// Replaces the stored token: every holder of the old one loses access.
std::optional<QByteArray> rotate(const QString &profileDir, QString *error);
// Reads without creating, for clients; nullopt with a message when absent or malformed.
std::optional<QByteArray> read(const QString &profileDir, QString *error);

} // namespace BridgeToken
} // namespace Tincan
