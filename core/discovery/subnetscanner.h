#pragma once

#include <QHostAddress>
#include <QList>
#include <QNetworkAddressEntry>
#include <QObject>
#include <QTimer>

#include <functional>

namespace Tincan {

// The addresses a scan probes: for each IPv4 address, its subnet when that is a /24 or
// smaller, else the /24 around the address (LocalSend's scan gave up on larger networks; we
// cap the cost instead). Network, broadcast and the node's own addresses are left out.
QList<QHostAddress> scanTargets(const QList<QNetworkAddressEntry> &entries);

// Sends one probe per target, paced to a fixed rate, for networks where multicast and
// broadcast are blocked (client isolation, guest Wi-Fi). Only ever started by the user.
class SubnetScanner : public QObject
{
    Q_OBJECT
public:
    using Probe = std::function<void(const QHostAddress &)>;

    explicit SubnetScanner(double probesPerSecond, QObject *parent = nullptr);

    bool start(QList<QHostAddress> targets, Probe probe); // false while a scan runs
    void stop();
    bool isRunning() const { return m_timer.isActive(); }

Q_SIGNALS:
    void finished(int probesSent);

private:
    void tick();

    int m_perTick;
    QTimer m_timer;
    QList<QHostAddress> m_targets;
    qsizetype m_next = 0;
    Probe m_probe;
};

} // namespace Tincan
