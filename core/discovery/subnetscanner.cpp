#include "subnetscanner.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace Tincan {

namespace {
constexpr int TickMs = 50;
constexpr int ScanPrefix = 24;
} // namespace

QList<QHostAddress> scanTargets(const QList<QNetworkAddressEntry> &entries)
{
    QSet<quint32> own;
    for (const QNetworkAddressEntry &entry : entries) {
        if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol)
            own.insert(entry.ip().toIPv4Address());
    }
    QList<QHostAddress> targets;
    QSet<quint32> seen;
    for (const QNetworkAddressEntry &entry : entries) {
        if (entry.ip().protocol() != QAbstractSocket::IPv4Protocol || entry.prefixLength() < 0)
            continue;
        const int prefix = std::max(entry.prefixLength(), ScanPrefix);
        if (prefix >= 31) // point-to-point or a single host: nobody else to find
            continue;
        const quint32 mask = ~quint32(0) << (32 - prefix);
        const quint32 network = entry.ip().toIPv4Address() & mask;
        const quint32 broadcast = network | ~mask;
        for (quint32 host = network + 1; host < broadcast; ++host) {
            if (!own.contains(host) && !seen.contains(host)) {
                seen.insert(host);
                targets.append(QHostAddress(host));
            }
        }
    }
    return targets;
}

SubnetScanner::SubnetScanner(double probesPerSecond, QObject *parent)
    : QObject(parent)
    , m_perTick(std::max(1, int(std::lround(probesPerSecond * TickMs / 1000.0))))
{
    m_timer.setInterval(TickMs);
    connect(&m_timer, &QTimer::timeout, this, &SubnetScanner::tick);
}

bool SubnetScanner::start(QList<QHostAddress> targets, Probe probe)
{
    if (isRunning())
        return false;
    m_targets = std::move(targets);
    m_next = 0;
    m_probe = std::move(probe);
    m_timer.start();
    tick();
    return true;
}

void SubnetScanner::stop()
{
    m_timer.stop();
    m_targets.clear();
    m_probe = nullptr;
}

void SubnetScanner::tick()
{
    for (int i = 0; i < m_perTick && m_next < m_targets.size(); ++i)
        m_probe(m_targets.at(m_next++));
    if (m_next < m_targets.size())
        return;
    const int sent = int(m_next);
    stop();
    Q_EMIT finished(sent);
}

} // namespace Tincan
