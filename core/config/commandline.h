#pragma once

#include "crypto/keystore.h"
#include "dht/dhtconfig.h"
#include "discovery/discoveryconfig.h"
#include "ice/iceconfig.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Tincan {

// Everything the `tincan` command line can say. Parsed once in main() and handed to the node;
// kept free of QCoreApplication so that tests can parse argument lists directly.
struct Options
{
    QString profileDir; // absolute; the platform default when --profile is absent
    std::optional<QString> name;
    quint16 port = 0; // 0 = ephemeral
    bool headless = false;
    bool verbose = false;
    QStringList connectTargets; // host:port or tincan:// invite links, dialled at start
    bool discovery = true;
    quint16 discoveryPort = DefaultDiscoveryPort;
    std::optional<quint16> bridgePort; // --bridge: the local bridge on, at this port (0 = any)
    bool mailbox = false;              // --mailbox: hold envelopes for contacts
    bool internet = false;             // --internet: reach contacts beyond the LAN (ICE)
    IceConfig ice;                     // --stun, --turn
    // --dht-bootstrap (repeatable): instead of the setting dhtBootstrap.
    std::optional<QList<DhtBootstrapNode>> dhtBootstrap;
    KeyStorage keyStorage = KeyStorage::Keyring;
};

struct ParseResult
{
    enum class Action
    {
        Run,
        ShowHelp,
        ShowVersion,
        Error
    };
    Action action = Action::Error;
    Options options;
    QString text; // help text, version line or error message, ready to print
};

// args[0] is the program name, as in QCoreApplication::arguments().
ParseResult parseCommandLine(const QStringList &args);

QString defaultProfileDir();

} // namespace Tincan
