#include "commandline.h"

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
    parser.setApplicationDescription(
        QStringLiteral("Tincan: serverless, end-to-end secure chat for your local network."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
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
    parser.addOptions({profileOption, nameOption, portOption, headlessOption, verboseOption});

    ParseResult result;
    if (!parser.parse(args)) {
        result.text = parser.errorText();
        return result;
    }
    if (parser.isSet(helpOption)) {
        result.action = ParseResult::Action::ShowHelp;
        result.text = parser.helpText();
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
    options.headless = parser.isSet(headlessOption);
    options.verbose = parser.isSet(verboseOption);
    result.action = ParseResult::Action::Run;
    return result;
}

} // namespace Tincan
