#include "iceconfig.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace Tincan {

namespace {
QString hostPort(const QString &host, quint16 port)
{
    return (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(port);
}

// An IP literal (its address is set at once) or a host name in the DNS's letters, digits and
// hyphens (an international one in its ACE form); what the server is named by.
bool takeHost(QString host, const QString &text, QString *name, QHostAddress *address,
              QString *error)
{
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (QHostAddress literal; !host.isEmpty() && literal.setAddress(host) && !literal.isNull()) {
        *name = literal.toString();
        *address = literal;
        return true;
    }
    static const QRegularExpression dnsName(QStringLiteral(
        R"(^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$)"));
    const QString ace = QString::fromLatin1(QUrl::toAce(host)).toLower();
    if (ace.isEmpty() || !dnsName.match(ace).hasMatch()) {
        *error =
            QStringLiteral("'%1' names no valid host (a host name or an IP address)").arg(text);
        return false;
    }
    *name = ace;
    *address = QHostAddress();
    return true;
}
} // namespace

bool isHostName(const QString &host)
{
    return !host.isEmpty() && QHostAddress(host).isNull();
}

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
    if (!takeHost(hasPort ? trimmed.left(colon) : trimmed, trimmed, &server.host, &server.address,
                  error))
        return std::nullopt;
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
    TurnServer server;
    if (!takeHost(url.host(), text.trimmed(), &server.host, &server.address, error))
        return std::nullopt;
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
    return hostPort(server.host, server.port);
}

QString formatTurnServer(const TurnServer &server, bool redact)
{
    QUrl url;
    url.setScheme(QStringLiteral("turn"));
    url.setUserName(server.user);
    url.setPassword(redact ? QStringLiteral("***") : server.password);
    url.setHost(server.host);
    url.setPort(server.port);
    if (server.tcp)
        url.setQuery(QStringLiteral("transport=tcp"));
    return url.toString();
}

} // namespace Tincan
