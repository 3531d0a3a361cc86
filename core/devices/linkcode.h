#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace Tincan {

// The one-time code that links a new device into an account (protocol.md, "Linking a device"):
//   tincan://link/<device id>?k=<secret, 32 hex>&at=<host:port>[,<host:port>...]
// It names the device that shows it (pinned: the joiner accepts no other key) and where it
// listens, and carries a secret that only the two devices and the user see. From the secret
// come the tag the joiner's hello carries, the proof it sends, and the confirmation number
// both devices show.
struct LinkCode
{
    QString deviceId;      // the device that made the code
    QStringList addresses; // "host:port", "[v6]:port"; tried in order
    QByteArray secret;     // SecretSize random bytes

    static constexpr qsizetype SecretSize = 16;
    static constexpr int MaxAddresses = 8;

    static LinkCode make(const QString &deviceId, const QStringList &addresses);
    QString toString() const;
    // nullopt with *error saying what is wrong, in words a user can act on.
    static std::optional<LinkCode> parse(const QString &text, QString *error);

    // What the joiner's hello carries (16 bytes): names the code without showing the secret.
    QByteArray tag() const;
    // The joiner's proof that it holds the secret, bound to both devices' ids.
    QByteArray proof(const QString &joinerId) const;
    // Six digits that both devices show ("123 456"), bound to the secret and both ids: a device
    // that got the code some other way shows a number the user's own device does not.
    QString confirmation(const QString &joinerId) const;
};

} // namespace Tincan
