#include "reconnectscheduler.h"

#include <QRandomGenerator>

namespace Tincan {

ReconnectScheduler::ReconnectScheduler(ReconnectPolicy policy, QObject *parent)
    : QObject(parent)
    , m_policy(policy)
{}

std::chrono::milliseconds ReconnectScheduler::delayFor(int attempt) const
{
    const double base =
        double(m_policy.initialDelay.count()) * double(1LL << std::min(attempt, 20));
    const double capped = std::min(base, double(m_policy.maxDelay.count()));
    const double factor =
        1.0 + m_policy.jitter * (2.0 * QRandomGenerator::global()->generateDouble() - 1.0);
    return std::chrono::milliseconds(qint64(capped * factor));
}

void ReconnectScheduler::schedule(const QString &peerId)
{
    Entry &entry = m_entries[peerId];
    if (!entry.timer) {
        entry.timer = new QTimer(this);
        entry.timer->setSingleShot(true);
        connect(entry.timer, &QTimer::timeout, this,
                [this, peerId] { Q_EMIT reconnectDue(peerId); });
    }
    if (entry.timer->isActive())
        return;
    entry.timer->start(delayFor(entry.attempts));
    ++entry.attempts;
}

void ReconnectScheduler::reset(const QString &peerId)
{
    const auto it = m_entries.find(peerId);
    if (it == m_entries.end())
        return;
    delete it->timer;
    m_entries.erase(it);
}

void ReconnectScheduler::clear()
{
    for (const Entry &entry : std::as_const(m_entries))
        delete entry.timer;
    m_entries.clear();
}

bool ReconnectScheduler::isScheduled(const QString &peerId) const
{
    const auto it = m_entries.constFind(peerId);
    return it != m_entries.cend() && it->timer->isActive();
}

} // namespace Tincan
