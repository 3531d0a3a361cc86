#include "commandline.h"

#include "net/invitelink.h"
#include "version.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

namespace Tincan {

namespace {

std::optional<quint16> parsePort(const QString &value)
{
    bool ok = false;
    const uint port = value.toUInt(&ok);
    if (!ok || port > 65535)
        return std::nullopt;
    return static_cast<quint16>(port);
}

// QCommandLineParser names the program after QCoreApplication's argv[0], which does not exist yet
// while parsing ("<executable_name>") and would be a build path later; the usage line names the
// command as users type it, with the ctl form next to it.
QString helpText(const QCommandLineParser &parser)
{
    QString text = parser.helpText();
    const qsizetype usageEnd = text.indexOf(u'\n');
    text.replace(0, usageEnd,
                 QStringLiteral("Usage: tincan [options]\n       tincan ctl COMMAND ..."));
    return text;
}

} // namespace

QString defaultProfileDir()
{
    // AppDataLocation needs an application name, which may not be set yet when parsing.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(QStringLiteral("tincan"));
}

ParseResult parseCommandLine(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Tincan: serverless, end-to-end secure chat for your local network.\n"
        "'tincan ctl --help' lists the commands for a node running with --bridge.\n"
        "Qt's own options are set through the environment, e.g. QT_QPA_PLATFORM=wayland."));
    // Not addHelpOption(): its --help-all promises Qt's options (-platform, -name, ...), which
    // Tincan does not take on the command line (see main.cpp).
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help and exit."));
    const QCommandLineOption versionOption({QStringLiteral("v"), QStringLiteral("version")},
                                           QStringLiteral("Show the version and exit."));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"),
        QStringLiteral("Directory holding all state of one identity (default: %1).")
            .arg(defaultProfileDir()),
        QStringLiteral("DIR"));
    const QCommandLineOption nameOption(QStringLiteral("name"),
                                        QStringLiteral("Display name, saved in the profile."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption portOption(
        QStringLiteral("port"), QStringLiteral("TCP port to listen on; 0 picks a free one."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption headlessOption(
        QStringLiteral("headless"), QStringLiteral("Run without a GUI until SIGINT or SIGTERM."));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"),
                                           QStringLiteral("Log debug output of every subsystem."));
    const QCommandLineOption connectOption(
        QStringLiteral("connect"),
        QStringLiteral(
            "Connect to a peer at HOST:PORT or an invite link tincan://HOST:PORT/FINGERPRINT, or "
            "tincan://FINGERPRINT with --internet (repeatable)."),
        QStringLiteral("TARGET"));
    const QCommandLineOption noDiscoveryOption(
        QStringLiteral("no-discovery"),
        QStringLiteral("Neither announce this node on the LAN nor look for others; peers are then "
                       "reached with --connect only."));
    const QCommandLineOption discoveryPortOption(
        QStringLiteral("discovery-port"),
        QStringLiteral("UDP port of LAN discovery (default: %1).").arg(DefaultDiscoveryPort),
        QStringLiteral("N"), QString::number(DefaultDiscoveryPort));
    const QCommandLineOption bridgeOption(
        QStringLiteral("bridge"),
        QStringLiteral("Start the local bridge (web page, REST/WebSocket API, 'tincan ctl') on "
                       "127.0.0.1 and ::1 at port N; 0 picks a free one."),
        QStringLiteral("N"));
    const QCommandLineOption mailboxOption(
        QStringLiteral("mailbox"),
        QStringLiteral("Offer to be a mailbox: hold sealed messages for the contacts that choose "
                       "this node, while they are offline (as the setting mailboxOffer does)."));
    const QCommandLineOption internetOption(
        QStringLiteral("internet"),
        QStringLiteral("Reach contacts beyond the LAN, through NATs (ICE), introduced by a "
                       "mutual contact. Off by default: then nothing is sent beyond the LAN."));
    const QCommandLineOption stunOption(
        QStringLiteral("stun"),
        QStringLiteral("With --internet: a STUN server, HOST:PORT, that tells this node its public "
                       "address (repeatable; the first is asked)."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption turnOption(
        QStringLiteral("turn"),
        QStringLiteral("With --internet: a TURN server that relays (encrypted) traffic when no "
                       "direct path works, turn://USER:PASS@HOST:PORT[?transport=tcp] "
                       "(repeatable)."),
        QStringLiteral("URL"));
    const QCommandLineOption dhtBootstrapOption(
        QStringLiteral("dht-bootstrap"),
        QStringLiteral("With --internet: join the DHT (the rendezvous when no mutual contact is "
                       "online) through this node, HOST:PORT, instead of those of the settings "
                       "(repeatable), or not at all with 'none'. The default is Jami's public %1.")
            .arg(QLatin1String(DefaultDhtBootstrap)),
        QStringLiteral("HOST:PORT"));
    // The environment variable lets a test suite keep every node it starts away from the keyring
    // of the user running it, without each script passing the option.
    const QString storageFromEnvironment = qEnvironmentVariable("TINCAN_KEY_STORAGE");
    const QCommandLineOption keyStorageOption(
        QStringLiteral("key-storage"),
        QStringLiteral("Where the private keys are kept: 'keyring' (the system keyring where one "
                       "is reachable, else the key files; the default) or 'file' (the key "
                       "files, mode 0600; keys in the keyring move back into them). Default "
                       "from TINCAN_KEY_STORAGE."),
        QStringLiteral("WHERE"),
        storageFromEnvironment.isEmpty() ? QStringLiteral("keyring") : storageFromEnvironment);
    parser.addOptions({helpOption, versionOption, profileOption, nameOption, portOption,
                       headlessOption, verboseOption, connectOption, noDiscoveryOption,
                       discoveryPortOption, bridgeOption, mailboxOption, internetOption, stunOption,
                       turnOption, dhtBootstrapOption, keyStorageOption});

    ParseResult result;
    if (!parser.parse(args)) {
        result.text = parser.errorText();
        return result;
    }
    if (parser.isSet(helpOption)) {
        result.action = ParseResult::Action::ShowHelp;
        result.text = helpText(parser);
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.action = ParseResult::Action::ShowVersion;
        result.text = QStringLiteral("tincan " TINCAN_VERSION_STRING);
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.text =
            QStringLiteral("Unexpected argument: %1").arg(parser.positionalArguments().first());
        return result;
    }

    Options &options = result.options;
    const auto port = parsePort(parser.value(portOption));
    if (!port) {
        result.text = QStringLiteral("Invalid --port '%1': expected a number from 0 to 65535.")
                          .arg(parser.value(portOption));
        return result;
    }
    options.port = *port;
    const auto discoveryPort = parsePort(parser.value(discoveryPortOption));
    if (!discoveryPort || *discoveryPort == 0) {
        result.text =
            QStringLiteral("Invalid --discovery-port '%1': expected a number from 1 to 65535.")
                .arg(parser.value(discoveryPortOption));
        return result;
    }
    options.discoveryPort = *discoveryPort;
    options.mailbox = parser.isSet(mailboxOption);
    options.internet = parser.isSet(internetOption);
    if (!options.internet && (parser.isSet(stunOption) || parser.isSet(turnOption) ||
                              parser.isSet(dhtBootstrapOption))) {
        result.text =
            QStringLiteral("--stun, --turn and --dht-bootstrap are used only with --internet.");
        return result;
    }
    // Each --stun and --turn parsed into its list; the first invalid one is the error.
    const auto servers = [&](const QCommandLineOption &option, auto parse, auto &into) {
        for (const QString &text : parser.values(option)) {
            QString why;
            const auto server = parse(text, &why);
            if (!server) {
                result.text = QStringLiteral("Invalid --%1: %2.").arg(option.names().first(), why);
                return false;
            }
            into.append(*server);
        }
        return true;
    };
    if (!servers(stunOption, parseStunServer, options.ice.stun) ||
        !servers(turnOption, parseTurnServer, options.ice.turn))
        return result;
    // "none": reach beyond the LAN through contacts only, never joining the DHT.
    if (parser.values(dhtBootstrapOption) == QStringList{QStringLiteral("none")})
        options.dhtBootstrap.emplace();
    else if (parser.isSet(dhtBootstrapOption) &&
             !servers(dhtBootstrapOption, parseDhtBootstrap, options.dhtBootstrap.emplace()))
        return result;
    if (parser.isSet(bridgeOption)) {
        options.bridgePort = parsePort(parser.value(bridgeOption));
        if (!options.bridgePort) {
            result.text =
                QStringLiteral("Invalid --bridge '%1': expected a number from 0 to 65535.")
                    .arg(parser.value(bridgeOption));
            return result;
        }
    }
    const QString keyStorage = parser.value(keyStorageOption);
    if (keyStorage == QLatin1String("keyring")) {
        options.keyStorage = KeyStorage::Keyring;
    } else if (keyStorage == QLatin1String("file")) {
        options.keyStorage = KeyStorage::File;
    } else {
        result.text = QStringLiteral("Invalid --key-storage '%1' (or TINCAN_KEY_STORAGE): "
                                     "expected 'keyring' or 'file'.")
                          .arg(keyStorage);
        return result;
    }
    options.discovery = !parser.isSet(noDiscoveryOption);
    if (parser.isSet(nameOption)) {
        const QString name = parser.value(nameOption).trimmed();
        if (name.isEmpty()) {
            result.text = QStringLiteral("Invalid --name: the display name must not be empty.");
            return result;
        }
        options.name = name;
    }
    const QString profile =
        parser.isSet(profileOption) ? parser.value(profileOption) : defaultProfileDir();
    if (profile.isEmpty()) {
        result.text = QStringLiteral("Invalid --profile: the directory must not be empty.");
        return result;
    }
    options.profileDir = QDir::cleanPath(QDir::current().absoluteFilePath(profile));
    options.connectTargets = parser.values(connectOption);
    for (const QString &target : std::as_const(options.connectTargets)) {
        QString error;
        if (!parseConnectTarget(target, &error)) {
            result.text = QStringLiteral("Invalid --connect: %1").arg(error);
            return result;
        }
    }
    options.headless = parser.isSet(headlessOption);
    options.verbose = parser.isSet(verboseOption);
    result.action = ParseResult::Action::Run;
    return result;
}

} // namespace Tincan
