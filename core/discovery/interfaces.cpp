#include "interfaces.h"

#include <algorithm>

namespace Tincan {

namespace {

bool usable(const QNetworkInterface &iface)
{
    const auto flags = iface.flags();
    return (flags & QNetworkInterface::IsUp) && (flags & QNetworkInterface::IsRunning) &&
           (flags & QNetworkInterface::CanMulticast) && !iface.addressEntries().isEmpty();
}

} // namespace

QList<QNetworkInterface> discoveryInterfaces(int maxInterfaces)
{
    QList<QNetworkInterface> regular, loopback;
    const QList<QNetworkInterface> all = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &iface : all) {
        if (!usable(iface))
            continue;
        if (iface.flags() & QNetworkInterface::IsLoopBack)
            loopback.append(iface);
        else
            regular.append(iface);
    }
    QList<QNetworkInterface> chosen = regular.isEmpty() ? loopback : regular;
    if (chosen.size() > maxInterfaces)
        chosen.resize(maxInterfaces);
    return chosen;
}

QString interfacesSignature(const QList<QNetworkInterface> &interfaces)
{
    QStringList parts;
    for (const QNetworkInterface &iface : interfaces) {
        QStringList addresses;
        for (const QNetworkAddressEntry &entry : iface.addressEntries())
            addresses.append(entry.ip().toString() + u'/' + QString::number(entry.prefixLength()));
        addresses.sort();
        parts.append(QStringLiteral("%1#%2[%3]")
                         .arg(iface.name())
                         .arg(iface.index())
                         .arg(addresses.join(u',')));
    }
    parts.sort();
    return parts.join(u' ');
}

QList<QPair<QHostAddress, int>> localNetworks(const QList<QNetworkInterface> &interfaces)
{
    QList<QPair<QHostAddress, int>> networks;
    for (const QNetworkInterface &iface : interfaces) {
        for (const QNetworkAddressEntry &entry : iface.addressEntries()) {
            if (entry.prefixLength() >= 0)
                networks.append({entry.ip(), entry.prefixLength()});
        }
    }
    return networks;
}

bool isOnLink(const QHostAddress &address, const QList<QPair<QHostAddress, int>> &networks)
{
    if (address.isLinkLocal() || address.isLoopback())
        return true;
    return std::any_of(networks.begin(), networks.end(), [&](const QPair<QHostAddress, int> &net) {
        return address.isInSubnet(net.first, net.second);
    });
}

InterfaceWatcher::InterfaceWatcher(int maxInterfaces, std::chrono::milliseconds pollInterval,
                                   QObject *parent)
    : QObject(parent)
    , m_maxInterfaces(maxInterfaces)
{
    m_timer.setInterval(pollInterval);
    connect(&m_timer, &QTimer::timeout, this, &InterfaceWatcher::poll);
}

void InterfaceWatcher::start()
{
    m_interfaces = discoveryInterfaces(m_maxInterfaces);
    m_signature = interfacesSignature(m_interfaces);
    m_timer.start();
}

void InterfaceWatcher::poll()
{
    QList<QNetworkInterface> current = discoveryInterfaces(m_maxInterfaces);
    QString signature = interfacesSignature(current);
    if (signature == m_signature)
        return;
    m_interfaces = std::move(current);
    m_signature = std::move(signature);
    Q_EMIT changed();
}

} // namespace Tincan
