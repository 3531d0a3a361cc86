#include "privatenetwork.h"

#include <QNetworkInterface>

#include <cstdio>
#include <cstdlib>

QString interfaceBeyondLoopback()
{
    for (const QNetworkInterface &iface : QNetworkInterface::allInterfaces()) {
        const auto flags = iface.flags();
        if (flags.testFlag(QNetworkInterface::IsUp) &&
            !flags.testFlag(QNetworkInterface::IsLoopBack))
            return iface.name();
    }
    return {};
}

void requirePrivateNetwork(const char *program)
{
    const QString iface = interfaceBeyondLoopback();
    if (iface.isEmpty())
        return;
    std::fprintf(stderr,
                 "%s: interface %s is up and is not a loopback; this program multicasts, so it "
                 "only runs in a private network namespace: tests/netns-run.sh %s ...\n",
                 program, qPrintable(iface), program);
    std::exit(2);
}
