#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>

class QSocketNotifier;

namespace Tincan {

// Tells when this machine's addresses change: Wi-Fi to cable, a new DHCP lease, a VPN coming
// up. Links whose path used an address that is gone are dead without a sound, and links
// through NATs need a new ICE session. On Linux the kernel says so at once (an rtnetlink
// socket on the address groups); elsewhere the addresses are polled. Loopback is ignored.
class NetworkWatcher : public QObject
{
    Q_OBJECT
public:
    // settle: how long the addresses must stay unchanged before changed() (an interface that
    // comes up brings several in a row).
    explicit NetworkWatcher(std::chrono::milliseconds settle = std::chrono::seconds(1),
                            QObject *parent = nullptr);
    ~NetworkWatcher() override;

    QStringList addresses() const { return m_addresses; }
    // The sorted non-loopback addresses of every interface, as text.
    static QStringList currentAddresses();

Q_SIGNALS:
    void changed(const QStringList &added, const QStringList &removed);

private:
    void compare();

    QStringList m_addresses;
    QTimer m_settle;
    QTimer m_poll; // where the kernel does not say
    QSocketNotifier *m_notifier = nullptr;
    int m_fd = -1;
};

} // namespace Tincan
