#include "networkwatcher.h"

#include "util/logging.h"

#include <QNetworkInterface>
#include <QSocketNotifier>

#include <algorithm>

#ifdef Q_OS_LINUX
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace Tincan {

namespace {
constexpr std::chrono::seconds kPollInterval{5};

#ifdef Q_OS_LINUX
// A socket the kernel writes to when an address is added or removed; -1 where that is refused.
int openAddressEvents()
{
    const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -1;
    sockaddr_nl address{};
    address.nl_family = AF_NETLINK;
    address.nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}
#endif
} // namespace

NetworkWatcher::NetworkWatcher(std::chrono::milliseconds settle, QObject *parent)
    : QObject(parent)
    , m_addresses(currentAddresses())
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(settle);
    connect(&m_settle, &QTimer::timeout, this, &NetworkWatcher::compare);
#ifdef Q_OS_LINUX
    m_fd = openAddressEvents();
    if (m_fd >= 0) {
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] {
            // What changed is read afresh once things settle; the messages only say when.
            char buffer[8192];
            while (::recv(m_fd, buffer, sizeof buffer, 0) > 0) {
            }
            m_settle.start();
        });
        return;
    }
    qCWarning(lcNet) << "no address events from the kernel; polling the addresses";
#endif
    m_poll.setInterval(kPollInterval);
    connect(&m_poll, &QTimer::timeout, this, &NetworkWatcher::compare);
    m_poll.start();
}

NetworkWatcher::~NetworkWatcher()
{
#ifdef Q_OS_LINUX
    delete m_notifier;
    if (m_fd >= 0)
        ::close(m_fd);
#endif
}

QStringList NetworkWatcher::currentAddresses()
{
    QStringList addresses;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (!address.isLoopback())
            addresses.append(address.toString());
    }
    addresses.sort();
    addresses.removeDuplicates();
    return addresses;
}

void NetworkWatcher::compare()
{
    const QStringList now = currentAddresses();
    if (now == m_addresses)
        return;
    QStringList added, removed;
    std::set_difference(now.begin(), now.end(), m_addresses.begin(), m_addresses.end(),
                        std::back_inserter(added));
    std::set_difference(m_addresses.begin(), m_addresses.end(), now.begin(), now.end(),
                        std::back_inserter(removed));
    m_addresses = now;
    Q_EMIT changed(added, removed);
}

} // namespace Tincan
