#include "frontends.h"
#include "node/node.h"

#include <QCoreApplication>

namespace {

std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    return std::make_unique<QCoreApplication>(argc, argv);
}

int run(Tincan::Node &node)
{
    Q_UNUSED(node)
    return QCoreApplication::exec();
}

} // namespace

const Frontend &headlessFrontend()
{
    static const Frontend frontend{makeApplication, run, nullptr};
    return frontend;
}
