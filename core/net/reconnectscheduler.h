#pragma once

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace Tincan {

struct ReconnectPolicy
{
    std::chrono::milliseconds initialDelay{500};
    std::chrono::milliseconds maxDelay{60'000};
    double jitter = 0.25; // ± fraction, so that peers that lost each other do not redial in step
};

// Exponential backoff with jitter, one timer per peer. reset() when a session comes up.
class ReconnectScheduler : public QObject
{
    Q_OBJECT
public:
    explicit ReconnectScheduler(ReconnectPolicy policy, QObject *parent = nullptr);

    void schedule(const QString &peerId);
    void reset(const QString &peerId);
    void clear();
    bool isScheduled(const QString &peerId) const;
    std::chrono::milliseconds delayFor(int attempt) const;

Q_SIGNALS:
    void reconnectDue(const QString &peerId);

private:
    struct Entry
    {
        int attempts = 0;
        QTimer *timer = nullptr;
    };
    ReconnectPolicy m_policy;
    QHash<QString, Entry> m_entries;
};

} // namespace Tincan
