#pragma once

#include <QHostAddress>
#include <QList>
#include <QNetworkInterface>
#include <QObject>
#include <QTimer>

namespace Tincan {

// The interfaces discovery speaks on: every one that is up, running and multicast-capable,
// except loopback, which is used only when it is the only one (a test namespace, an offline
// laptop with several profiles).
QList<QNetworkInterface> discoveryInterfaces(int maxInterfaces);

// Changes when an interface appears, disappears, changes state or gains or loses an address.
QString interfacesSignature(const QList<QNetworkInterface> &interfaces);

// The (address, prefix length) pairs of the given interfaces, for "same subnet" decisions.
QList<QPair<QHostAddress, int>> localNetworks(const QList<QNetworkInterface> &interfaces);
// In one of the networks, link-local or loopback: somewhere a LAN neighbour can be.
bool isOnLink(const QHostAddress &address, const QList<QPair<QHostAddress, int>> &networks);

// Polls the interface list, since Qt has no portable change notification; the cost is one
// netlink dump every few seconds.
class InterfaceWatcher : public QObject
{
    Q_OBJECT
public:
    InterfaceWatcher(int maxInterfaces, std::chrono::milliseconds pollInterval,
                     QObject *parent = nullptr);

    void start();
    void stop() { m_timer.stop(); }
    const QList<QNetworkInterface> &interfaces() const { return m_interfaces; }

Q_SIGNALS:
    void changed();

private:
    void poll();

    int m_maxInterfaces;
    QTimer m_timer;
    QList<QNetworkInterface> m_interfaces;
    QString m_signature;
};

} // namespace Tincan
