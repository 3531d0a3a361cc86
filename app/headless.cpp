#include "frontends.h"
#include "node/node.h"

#include <QCoreApplication>

int runHeadless(Tincan::Node &node)
{
    Q_UNUSED(node)
    return QCoreApplication::exec();
}
