// What both executables run: parses the command line, takes the profile, starts the node and
// hands it to the GUI or to the headless loop. All behaviour lives in tincan_core.
#include "bridge/ctl.h"
#include "config/commandline.h"
#include "frontends.h"
#include "node/node.h"
#include "profile/profilelock.h"
#ifdef Q_OS_UNIX
#include "unixsignals.h"
#endif
#include "util/logging.h"
#include "version.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <memory>

namespace {

void printTo(FILE *stream, const QString &text)
{
    std::fputs(qPrintable(text.endsWith(u'\n') ? text : text + u'\n'), stream);
    std::fflush(stream);
}

} // namespace

int launch(int argc, char *argv[], const Frontend *gui)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    // `tincan ctl ...` is a client of a running node's bridge; it starts no node of its own.
    if (args.size() > 1 && args.at(1) == u"ctl") {
        QCoreApplication app(argc, argv);
        return Tincan::Ctl::run(args.mid(2));
    }

    const Tincan::ParseResult parsed = Tincan::parseCommandLine(args);
    switch (parsed.action) {
    case Tincan::ParseResult::Action::ShowHelp:
    case Tincan::ParseResult::Action::ShowVersion:
        printTo(stdout, parsed.text);
        return 0;
    case Tincan::ParseResult::Action::Error:
        printTo(
            stderr,
            QStringLiteral("tincan: %1\nRun 'tincan --help' for the options.").arg(parsed.text));
        return 2;
    case Tincan::ParseResult::Action::Run:
        break;
    }
    const Tincan::Options &options = parsed.options;
    if (options.headless && gui)
        execNodeExecutable(argv); // returns only if there is no tincan-node to hand over to
    const Frontend &frontend = options.headless || !gui ? headlessFrontend() : *gui;
    if (options.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("tincan.*.debug=true"));

    // Qt would read its own options from argv too, and they overlap ours: QGuiApplication takes
    // --name as X11's -name (the window's WM_CLASS). The command line is parsed already, so Qt
    // gets the program name alone; its own settings come from the environment (QT_QPA_PLATFORM).
    int qtArgc = 1;
    char *qtArgv[] = {argv[0], nullptr};
    const auto app = frontend.makeApplication(qtArgc, qtArgv);
    QCoreApplication::setApplicationName(QStringLiteral("tincan"));
    QCoreApplication::setOrganizationName(QStringLiteral("Tincan"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TINCAN_VERSION_STRING));
#ifdef Q_OS_UNIX
    // Installed before node.json appears, so that a SIGTERM right after start is a clean stop too.
    UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, app.get(),
                     [](int signalNumber) {
                         qCInfo(lcApp) << "signal" << signalNumber << "received, shutting down";
                         QCoreApplication::exit(0);
                     });
#endif

    QString error;
    auto profile = Tincan::Profile::open(options.profileDir, &error);
    if (!profile) {
        printTo(stderr, QStringLiteral("tincan: %1").arg(error));
        return 1;
    }

    Tincan::ProfileLock lock(profile->dir());
    switch (lock.tryLock()) {
    case Tincan::ProfileLock::Result::Acquired:
        break;
    case Tincan::ProfileLock::Result::HeldByOther:
        if (frontend.activateRunningInstance && frontend.activateRunningInstance(profile->dir())) {
            printTo(stdout, QStringLiteral("tincan: already running for profile %1 (pid %2); "
                                           "raised its window.")
                                .arg(profile->dir())
                                .arg(lock.ownerPid()));
            return 0;
        }
        printTo(stderr, QStringLiteral("tincan: profile %1 is in use: %2.")
                            .arg(profile->dir(), lock.errorString()));
        return 1;
    case Tincan::ProfileLock::Result::Error:
        printTo(stderr, QStringLiteral("tincan: cannot lock profile %1: %2.")
                            .arg(profile->dir(), lock.errorString()));
        return 1;
    }

    Tincan::NodeConfig config;
    config.port = options.port;
    config.discovery = options.discovery;
    config.discoveryPort = options.discoveryPort;
    config.bridgePort = options.bridgePort;
    config.mailbox = options.mailbox;
    config.internet = options.internet;
    config.ice = options.ice;
    config.dhtBootstrap = options.dhtBootstrap;
    config.keyStorage = options.keyStorage;
    Tincan::Node node(std::move(*profile), config);
    if (options.name && !node.setDisplayName(*options.name, &error)) {
        printTo(stderr, QStringLiteral("tincan: %1").arg(error));
        return 1;
    }
    if (!node.start(&error)) {
        printTo(stderr, QStringLiteral("tincan: %1").arg(error));
        return 1;
    }
    for (const QString &target : options.connectTargets)
        node.connectTo(target, &error); // validated while parsing
    qCInfo(lcApp).noquote() << "tincan" << TINCAN_VERSION_STRING << "running as"
                            << node.displayName() << "with profile" << node.profile().dir();
    qCInfo(lcApp).noquote() << "invite link:" << node.inviteLink();

    const int status = frontend.run(node);
    node.stop();
    lock.unlock();
    return status;
}
