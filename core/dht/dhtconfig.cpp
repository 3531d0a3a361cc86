#include "dhtconfig.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace Tincan {

std::optional<DhtBootstrapNode> parseDhtBootstrap(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    QString host = trimmed, port;
    if (trimmed.startsWith(u'[')) {
        const qsizetype close = trimmed.indexOf(u']');
        host = trimmed.mid(1, close - 1);
        if (close < 0 || QHostAddress(host).protocol() != QAbstractSocket::IPv6Protocol) {
            *error = QStringLiteral("'%1' is not [IPv6]:PORT").arg(trimmed);
            return std::nullopt;
        }
        const QString rest = trimmed.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':')) {
            *error = QStringLiteral("'%1' is not [IPv6]:PORT").arg(trimmed);
            return std::nullopt;
        }
        port = rest.mid(1);
    } else if (trimmed.count(u':') == 1) {
        host = trimmed.section(u':', 0, 0);
        port = trimmed.section(u':', 1);
    } else if (trimmed.count(u':') > 1) {
        *error =
            QStringLiteral("'%1': write an IPv6 address in brackets, [IPv6]:PORT").arg(trimmed);
        return std::nullopt;
    }
    // A DNS name (RFC 1123 labels) or an IPv4 literal, which the same pattern admits.
    static const QRegularExpression name(
        QStringLiteral("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
                       "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"));
    if (!trimmed.startsWith(u'[') && !name.match(host).hasMatch()) {
        *error = QStringLiteral("'%1' is not a host name or an IP address").arg(host);
        return std::nullopt;
    }
    DhtBootstrapNode node{host, 4222};
    if (!port.isEmpty()) {
        bool ok = false;
        const uint value = port.toUInt(&ok);
        if (!ok || value == 0 || value > 65535) {
            *error = QStringLiteral("'%1' is not a port from 1 to 65535").arg(port);
            return std::nullopt;
        }
        node.port = static_cast<quint16>(value);
    }
    return node;
}

QString formatDhtBootstrap(const DhtBootstrapNode &node)
{
    const bool v6 = QHostAddress(node.host).protocol() == QAbstractSocket::IPv6Protocol;
    return (v6 ? u'[' + node.host + u']' : node.host) + u':' + QString::number(node.port);
}

} // namespace Tincan
