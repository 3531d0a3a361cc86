#include "frontends.h"
#include "node/node.h"
#include "unixsignals.h"
#include "util/logging.h"

#include <QCoreApplication>

int runHeadless(Tincan::Node &node)
{
    Q_UNUSED(node)
    UnixSignalWatcher signals_;
    QObject::connect(&signals_, &UnixSignalWatcher::terminationRequested, qApp,
                     [](int signalNumber) {
                         qCInfo(lcApp) << "signal" << signalNumber << "received, shutting down";
                         QCoreApplication::exit(0);
                     });
    return QCoreApplication::exec();
}
