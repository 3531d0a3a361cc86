// A lone DHT node for the NAT bed (tests/nat/dht-nat.sh): it bootstraps nobody and is the
// bootstrap of the nodes there. Prints "ready PORT" once bound; runs until killed.
#include "dht/dhtnode.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const quint16 port = argc > 1 ? static_cast<quint16>(QString::fromLatin1(argv[1]).toUInt()) : 0;
    Tincan::DhtNode node;
    QString error;
    if (!node.start(port, {}, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("ready %u\n", node.port());
    std::fflush(stdout);
    return app.exec();
}
