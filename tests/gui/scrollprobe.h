#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QQuickItem>
#include <QQuickWindow>

#include <vector>

// A scripted scroll of a Flickable (a ListView) in a real window, one step per rendered frame,
// and the times between the frames that the window swapped while it ran. The step is applied
// when the previous frame has been swapped, so an interval is the whole cost of a frame: the
// scroll, the delegates it creates or reuses, a page loaded from the store, the sync and the
// render. Reported as the distribution of those intervals (docs/performance.md, "GUI at scale").
class ScrollProbe : public QObject
{
    Q_OBJECT
public:
    // deltaY is added to contentY at each frame: negative scrolls up.
    ScrollProbe(QQuickWindow *window, QQuickItem *flickable, int frames, double deltaY,
                QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    // frames, p50Ms, p95Ms, p99Ms, maxMs, longFrames (over 33.3 ms: two frames at 60 Hz),
    // scrolledPx, rows
    void finished(const QJsonObject &figures);

private:
    void swapped(); // any thread: the threaded render loop swaps on its own thread
    void step();
    void finish();

    QPointer<QQuickWindow> m_window;
    QPointer<QQuickItem> m_flickable;
    int m_frames;
    double m_deltaY;
    int m_steps = 0;
    double m_startY = 0;
    QElapsedTimer m_clock;
    QMutex m_mutex;
    std::vector<qint64> m_swapsNs;
    QMetaObject::Connection m_connection;
};
