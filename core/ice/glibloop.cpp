#include "glibloop.h"

#include "util/logging.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QTimer>

#include <glib.h>

namespace Tincan::GlibLoop {

void ensureDriven()
{
    static bool checked = false;
    if (checked)
        return;
    checked = true;
    const QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    if (dispatcher && dispatcher->inherits("QEventDispatcherGlib"))
        return; // Qt iterates g_main_context_default() itself
    qCInfo(lcNet) << "the Qt event loop does not drive GLib; polling its main context";
    auto *timer = new QTimer(QCoreApplication::instance());
    timer->setInterval(5); // libnice's own timers are 20 ms and longer
    QObject::connect(timer, &QTimer::timeout, [] {
        for (int i = 0; i < 64 && g_main_context_iteration(nullptr, FALSE); ++i) {
        }
    });
    timer->start();
}

} // namespace Tincan::GlibLoop
