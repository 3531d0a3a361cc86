#include "iceconfig.h"

#include <QUrl>
#include <QUrlQuery>

namespace Tincan {

namespace {
QString hostPort(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    return host + u':' + QString::number(port);
}

std::optional<QHostAddress> literal(QString host, const QString &text, QString *error)
{
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (host.isEmpty() || !address.setAddress(host) || address.isNull()) {
        *error = QStringLiteral("'%1' needs an IP address, not a host name").arg(text);
        return std::nullopt;
    }
    return address;
}
} // namespace

std::optional<StunServer> parseStunServer(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    // A bare IPv6 address has colons of its own; a port follows only a bracket or an IPv4.
    const qsizetype colon = trimmed.lastIndexOf(u':');
    const bool hasPort = colon > 0 && (trimmed.count(u':') == 1 || trimmed.at(colon - 1) == u']');
    StunServer server;
    if (hasPort) {
        bool ok = false;
        const uint port = QStringView(trimmed).mid(colon + 1).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            *error = QStringLiteral("'%1' has no valid port (1-65535)").arg(trimmed);
            return std::nullopt;
        }
        server.port = quint16(port);
    }
    const auto address = literal(hasPort ? trimmed.left(colon) : trimmed, trimmed, error);
    if (!address)
        return std::nullopt;
    server.address = *address;
    return server;
}

std::optional<TurnServer> parseTurnServer(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("turn") || url.userName().isEmpty() ||
        url.password().isEmpty()) {
        *error = QStringLiteral("'%1' is not turn://USER:PASSWORD@HOST:PORT").arg(text.trimmed());
        return std::nullopt;
    }
    const auto address = literal(url.host(), text.trimmed(), error);
    if (!address)
        return std::nullopt;
    TurnServer server;
    server.address = *address;
    server.port = quint16(url.port(3478));
    server.user = url.userName();
    server.password = url.password();
    const QString transport = QUrlQuery(url).queryItemValue(QStringLiteral("transport"));
    if (!transport.isEmpty() && transport != QLatin1String("udp") &&
        transport != QLatin1String("tcp")) {
        *error = QStringLiteral("'%1': transport must be udp or tcp").arg(text.trimmed());
        return std::nullopt;
    }
    server.tcp = transport == QLatin1String("tcp");
    return server;
}

QString formatStunServer(const StunServer &server)
{
    return hostPort(server.address, server.port);
}

QString formatTurnServer(const TurnServer &server, bool redact)
{
    QUrl url;
    url.setScheme(QStringLiteral("turn"));
    url.setUserName(server.user);
    url.setPassword(redact ? QStringLiteral("***") : server.password);
    url.setHost(server.address.toString());
    url.setPort(server.port);
    if (server.tcp)
        url.setQuery(QStringLiteral("transport=tcp"));
    return url.toString();
}

} // namespace Tincan
