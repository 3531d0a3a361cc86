#include "invitelink.h"

#include "protocol.h"

#include <QHostAddress>
#include <QUrl>

namespace Tincan {

namespace {
std::optional<ConnectTarget> parseHostPort(const QString &text, QString *error)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0) {
        *error = QStringLiteral("'%1' is not host:port").arg(text);
        return std::nullopt;
    }
    ConnectTarget target;
    target.host = text.left(colon);
    if (target.host.startsWith(u'[') && target.host.endsWith(u']'))
        target.host = target.host.mid(1, target.host.size() - 2);
    bool ok = false;
    const uint port = QStringView(text).mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535) {
        *error = QStringLiteral("'%1' has no valid port (1-65535)").arg(text);
        return std::nullopt;
    }
    if (target.host.isEmpty() || target.host.contains(u'/') || target.host.contains(u' ')) {
        *error = QStringLiteral("'%1' has no valid host").arg(text);
        return std::nullopt;
    }
    target.port = static_cast<quint16>(port);
    return target;
}
} // namespace

std::optional<ConnectTarget> parseConnectTarget(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(QStringLiteral("tincan://")))
        return parseHostPort(trimmed, error);

    // tincan://ID: no address; a rendezvous finds the device (reaching beyond the LAN). Not a
    // URL host: 64 characters are one more than a DNS label may have.
    if (const QString bare = trimmed.mid(9).toLower(); Protocol::isValidId(bare))
        return ConnectTarget{{}, 0, bare};
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString id = url.path().mid(1).toLower();
    if (!url.isValid() || url.host().isEmpty() || url.port() <= 0) {
        *error = QStringLiteral("invite link '%1' needs tincan://HOST:PORT/FINGERPRINT or "
                                "tincan://FINGERPRINT")
                     .arg(trimmed);
        return std::nullopt;
    }
    if (!Protocol::isValidId(id)) {
        *error =
            QStringLiteral("invite link '%1' has no valid 64-hex-digit fingerprint").arg(trimmed);
        return std::nullopt;
    }
    return ConnectTarget{url.host(), static_cast<quint16>(url.port()), id};
}

QString formatInviteLink(const QString &host, quint16 port, const QString &id)
{
    if (host.isEmpty())
        return QStringLiteral("tincan://") + id;
    const bool v6 = QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol;
    return QStringLiteral("tincan://%1:%2/%3")
        .arg(v6 ? u'[' + host + u']' : host)
        .arg(port)
        .arg(id);
}

} // namespace Tincan
