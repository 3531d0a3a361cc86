#include "scrollprobe.h"

#include <QMutexLocker>

#include <algorithm>

ScrollProbe::ScrollProbe(QQuickWindow *window, QQuickItem *flickable, int frames, double deltaY,
                         QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_flickable(flickable)
    , m_frames(frames)
    , m_deltaY(deltaY)
{
    m_swapsNs.reserve(std::size_t(frames) + 1);
}

void ScrollProbe::start()
{
    m_clock.start();
    m_startY = m_flickable ? m_flickable->property("contentY").toDouble() : 0;
    m_connection = connect(m_window, &QQuickWindow::frameSwapped, this, &ScrollProbe::swapped,
                           Qt::DirectConnection);
    step();
}

void ScrollProbe::swapped()
{
    {
        QMutexLocker lock(&m_mutex);
        m_swapsNs.push_back(m_clock.nsecsElapsed());
    }
    QMetaObject::invokeMethod(this, &ScrollProbe::step, Qt::QueuedConnection);
}

void ScrollProbe::step()
{
    if (!m_window || !m_flickable || m_steps >= m_frames) {
        finish();
        return;
    }
    ++m_steps;
    const double y = m_flickable->property("contentY").toDouble() + m_deltaY;
    m_flickable->setProperty("contentY", y);
    m_window->update(); // a frame even where the list is already at its end
}

void ScrollProbe::finish()
{
    if (!m_connection)
        return;
    disconnect(m_connection);
    m_connection = {};
    std::vector<double> intervals;
    {
        QMutexLocker lock(&m_mutex);
        for (std::size_t i = 1; i < m_swapsNs.size(); ++i)
            intervals.push_back(double(m_swapsNs[i] - m_swapsNs[i - 1]) / 1e6);
    }
    std::sort(intervals.begin(), intervals.end());
    const auto at = [&](double q) {
        return intervals.empty() ? -1.0 : intervals[std::size_t(q * double(intervals.size() - 1))];
    };
    const auto longFrames = std::count_if(intervals.begin(), intervals.end(),
                                          [](double ms) { return ms > 1000.0 / 30.0; });
    Q_EMIT finished(
        {{QStringLiteral("frames"), int(intervals.size())},
         {QStringLiteral("p50Ms"), at(0.5)},
         {QStringLiteral("p95Ms"), at(0.95)},
         {QStringLiteral("p99Ms"), at(0.99)},
         {QStringLiteral("maxMs"), at(1.0)},
         {QStringLiteral("longFrames"), qint64(longFrames)},
         // How far it went, and the rows the list held at the end (pages loaded on the way)
         {QStringLiteral("scrolledPx"),
          m_flickable ? qAbs(m_flickable->property("contentY").toDouble() - m_startY) : 0},
         {QStringLiteral("rows"), m_flickable ? m_flickable->property("count").toInt() : 0}});
}
