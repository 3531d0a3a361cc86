#include "discoverysockets.h"

#include "announcement.h"
#include "discoveryconfig.h"
#include "util/logging.h"

#include <QNetworkDatagram>
#include <QVariant>

#include <algorithm>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <sys/socket.h>
#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29 // linux/in6.h, which clashes with netinet/in.h; Linux 4.20+
#endif
#endif

namespace Tincan {

namespace {

constexpr auto SharedBind = QAbstractSocket::ShareAddress | QAbstractSocket::ReuseAddressHint;

bool hasProtocol(const QNetworkInterface &iface, QAbstractSocket::NetworkLayerProtocol protocol)
{
    const QList<QNetworkAddressEntry> entries = iface.addressEntries();
    return std::any_of(entries.begin(), entries.end(), [protocol](const QNetworkAddressEntry &e) {
        return e.ip().protocol() == protocol;
    });
}

// Linux hands a socket bound to the wildcard address the traffic of every group that any
// socket on the host joined on that port; we want only our own groups.
void receiveOnlyJoinedGroups([[maybe_unused]] QUdpSocket &socket)
{
#ifdef Q_OS_LINUX
    const int off = 0;
    const int fd = static_cast<int>(socket.socketDescriptor());
    if (socket.localAddress().protocol() == QAbstractSocket::IPv6Protocol)
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, &off, sizeof off);
    else
        ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &off, sizeof off);
#endif
}

} // namespace

DiscoverySockets::DiscoverySockets(quint16 port, QObject *parent)
    : QObject(parent)
    , m_port(port)
    , m_group4(QString::fromLatin1(DiscoveryGroupV4))
    , m_group6(QString::fromLatin1(DiscoveryGroupV6))
{
    for (QUdpSocket *socket : {&m_recv4, &m_recv6, &m_send4, &m_send6})
        connect(socket, &QUdpSocket::readyRead, this, [this, socket] { drain(socket); });
}

bool DiscoverySockets::open(QString *error)
{
    if (!m_recv4.bind(QHostAddress::AnyIPv4, m_port, SharedBind)) {
        *error =
            QStringLiteral("cannot bind UDP port %1: %2").arg(m_port).arg(m_recv4.errorString());
        return false;
    }
    if (!m_send4.bind(QHostAddress::AnyIPv4, 0)) {
        *error = QStringLiteral("cannot bind a UDP socket: %1").arg(m_send4.errorString());
        m_recv4.close();
        return false;
    }
    receiveOnlyJoinedGroups(m_recv4);
    // Several nodes on one host hear each other through the loopback copy of their multicast;
    // a hop limit of 1 keeps everything on the link.
    m_send4.setSocketOption(QAbstractSocket::MulticastLoopbackOption, QVariant(1));
    m_send4.setSocketOption(QAbstractSocket::MulticastTtlOption, QVariant(1));
    if (m_recv6.bind(QHostAddress::AnyIPv6, m_port, SharedBind) &&
        m_send6.bind(QHostAddress::AnyIPv6, 0)) {
        receiveOnlyJoinedGroups(m_recv6);
        m_send6.setSocketOption(QAbstractSocket::MulticastLoopbackOption, QVariant(1));
        m_send6.setSocketOption(QAbstractSocket::MulticastTtlOption, QVariant(1));
    } else {
        qCInfo(lcDiscovery) << "IPv6 discovery unavailable:" << m_recv6.errorString();
        m_recv6.close();
        m_send6.close();
    }
    return true;
}

void DiscoverySockets::close()
{
    for (QUdpSocket *socket : {&m_recv4, &m_recv6, &m_send4, &m_send6})
        socket->close();
    m_joined4.clear();
    m_joined6.clear();
    m_interfaces.clear();
}

void DiscoverySockets::setInterfaces(const QList<QNetworkInterface> &interfaces)
{
    m_interfaces = interfaces;
    QSet<int> present;
    for (const QNetworkInterface &iface : interfaces) {
        present.insert(iface.index());
        // Joins are retried on every change: an interface may gain its first address later.
        if (!m_joined4.contains(iface.index()) &&
            hasProtocol(iface, QAbstractSocket::IPv4Protocol)) {
            if (m_recv4.joinMulticastGroup(m_group4, iface))
                m_joined4.insert(iface.index());
            else
                qCDebug(lcDiscovery) << "cannot join" << m_group4 << "on" << iface.name() << ":"
                                     << m_recv4.errorString();
        }
        if (m_recv6.state() == QAbstractSocket::BoundState && !m_joined6.contains(iface.index()) &&
            hasProtocol(iface, QAbstractSocket::IPv6Protocol)) {
            if (m_recv6.joinMulticastGroup(m_group6, iface))
                m_joined6.insert(iface.index());
            else
                qCDebug(lcDiscovery) << "cannot join" << m_group6 << "on" << iface.name() << ":"
                                     << m_recv6.errorString();
        }
    }
    // Memberships of vanished interfaces are dropped by the kernel; forget them so that an
    // interface that comes back is joined again.
    m_joined4.intersect(present);
    m_joined6.intersect(present);
}

int DiscoverySockets::sendToAll(const QByteArray &datagram)
{
    int sent = 0;
    for (const QNetworkInterface &iface : std::as_const(m_interfaces)) {
        if (hasProtocol(iface, QAbstractSocket::IPv4Protocol)) {
            m_send4.setMulticastInterface(iface);
            sent += sendTo(datagram, m_group4, m_port);
            if (iface.flags() & QNetworkInterface::CanBroadcast) {
                for (const QNetworkAddressEntry &entry : iface.addressEntries()) {
                    if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol &&
                        !entry.broadcast().isNull())
                        sent += sendTo(datagram, entry.broadcast(), m_port);
                }
            }
        }
        if (m_send6.state() == QAbstractSocket::BoundState &&
            hasProtocol(iface, QAbstractSocket::IPv6Protocol)) {
            m_send6.setMulticastInterface(iface);
            QHostAddress group = m_group6;
            group.setScopeId(iface.name());
            sent += sendTo(datagram, group, m_port);
        }
    }
    return sent;
}

bool DiscoverySockets::sendTo(const QByteArray &datagram, const QHostAddress &address, quint16 port)
{
    QUdpSocket &socket = address.protocol() == QAbstractSocket::IPv6Protocol ? m_send6 : m_send4;
    if (socket.state() != QAbstractSocket::BoundState)
        return false;
    if (socket.writeDatagram(datagram, address, port) != datagram.size()) {
        ++m_counters.sendErrors;
        qCDebug(lcDiscovery) << "sending to" << address << port
                             << "failed:" << socket.errorString();
        return false;
    }
    ++m_counters.datagramsSent;
    m_counters.bytesSent += quint64(datagram.size());
    return true;
}

void DiscoverySockets::drain(QUdpSocket *socket)
{
    while (socket->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = socket->receiveDatagram(Discovery::MaxDatagramSize + 1);
        if (!datagram.isValid())
            break;
        ++m_counters.datagramsReceived;
        m_counters.bytesReceived += quint64(datagram.data().size());
        Q_EMIT datagramReceived(datagram.data(), datagram.senderAddress(),
                                quint16(datagram.senderPort()));
    }
}

} // namespace Tincan
