#include "ctl.h"

#include "config/commandline.h"
#include "ctlclient.h"
#include "ctlcommands.h"

#include <QDir>
#include <QTextStream>

#include <cstdio>

namespace Tincan::Ctl {

namespace {
QString usageLine()
{
    return QStringLiteral("Usage: tincan ctl [--profile DIR] [--json] COMMAND [ARGS] "
                          "(tincan ctl --help lists the commands)\n");
}
} // namespace

QString usage()
{
    return QStringLiteral(
        "Usage: tincan ctl [--profile DIR] [--json] COMMAND [ARGS]\n"
        "Talks to the node running on the profile (started with --bridge).\n"
        "\n"
        "Commands:\n"
        "  peers                       known peers, online first\n"
        "  send <peer> <text>...       send a message\n"
        "  history <peer> [-n N]       the last N messages (default 20)\n"
        "  send-file <peer> <path>     offer a file (the peer may be a group)\n"
        "  transfers                   file transfers with their state and progress\n"
        "  accept-file <id>            accept an offered file that waits for you\n"
        "  decline-file <id>           decline it\n"
        "  cancel-file <id>            stop a transfer, on either side\n"
        "  watch                       print events as they happen, until interrupted\n"
        "  requests                    message requests: first messages from strangers\n"
        "  accept <peer>               accept a request: the peer becomes a contact\n"
        "  ignore <peer>               ignore it: it moves out of the requests\n"
        "  block <peer>                block a peer: nothing from its key is accepted\n"
        "  settings [<key> [<value>]]  show the settings, one of them, or change it\n"
        "  connect <host:port|link>    connect to a peer\n"
        "  mailbox                     the mailbox in use, what waits for offline contacts,\n"
        "                              and what this node holds as a mailbox\n"
        "  mailbox use <peer>          let <peer> hold your messages while you are offline\n"
        "  mailbox stop                use no mailbox\n"
        "  devices                     this account's devices\n"
        "  devices add                 show a code that links a new device, and confirm it\n"
        "  devices join <code>         on a new profile: join the account the code is from\n"
        "  devices confirm yes|no      answer the confirmation number (with --json)\n"
        "  devices cancel              stop linking\n"
        "  devices revoke <device>     take a device off the account (a lost laptop)\n"
        "  groups                      your groups\n"
        "  group create <name> <peer>...   a new group with these peers\n"
        "  group info <group>          its members and their roles\n"
        "  group add <group> <peer>... invite peers (any member)\n"
        "  group remove <group> <peer> remove a member (creator and admins)\n"
        "  group promote <group> <peer>    make a member an admin (creator and admins)\n"
        "  group rename <group> <name>...  rename it (creator and admins)\n"
        "  group leave <group>         leave it; you receive nothing new from it\n"
        "  delivery <message uuid>     who got and read one of your messages\n"
        "  scan                        look for peers on networks that block multicast\n"
        "  rotate-token                make a new bridge token; the old one stops working\n"
        "  open-url                    print a link that opens the web page (once, 2 minutes)\n"
        "\n"
        "<peer> is an id, an unambiguous id prefix, or an unambiguous name or alias;\n"
        "<group> a group id, an unambiguous id prefix or name ('send' takes one too).\n"
        "--json and --profile may come before or after the command; after -- every word is\n"
        "an argument. --json prints the bridge's JSON instead of text. Exit codes: 0 ok, 1 "
        "failed,\n"
        "2 usage, 3 no reachable node or bridge, 4 no such peer or conversation.\n");
}

int run(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    return run(args, out, err);
}

namespace {
// Options a command takes itself, each with one value: left in its arguments.
bool isCommandOption(const QString &command, const QString &arg)
{
    return command == u"history" && arg == u"-n";
}
} // namespace

// Global options (--json, --profile) go before or after the command, as in git-style tools;
// everything after "--" is an argument, for text that starts with '-'. Any other option is a
// usage error (exit 2), never silently ignored.
int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    Options options;
    options.profileDir = defaultProfileDir();
    QStringList positional;
    bool command = false; // seen the command word
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == u"--") {
            positional += args.mid(i + 1);
            break;
        }
        if (arg == u"--json") {
            options.json = true;
        } else if (arg == u"--profile" || arg.startsWith(QLatin1String("--profile="))) {
            if (arg == u"--profile" && i + 1 == args.size()) {
                err << "tincan ctl: --profile needs a directory\n" << usageLine();
                return Usage;
            }
            options.profileDir = arg == u"--profile" ? args.at(++i) : arg.mid(10);
        } else if (arg == u"-h" || arg == u"--help") {
            out << usage();
            return Ok;
        } else if (arg.size() > 1 && arg.startsWith(u'-') &&
                   !(command && isCommandOption(positional.first(), arg))) {
            err << "tincan ctl: unknown option " << arg
                << " (put -- before text that starts with '-')\n"
                << usageLine();
            return Usage;
        } else {
            positional.append(arg);
            if (!command) {
                command = true;
            } else if (isCommandOption(positional.first(), arg) && i + 1 < args.size()) {
                positional.append(args.at(++i)); // its value, even if it starts with '-'
            }
        }
    }
    if (positional.isEmpty()) {
        err << usage();
        return Usage;
    }
    options.profileDir = QDir::cleanPath(QDir::current().absoluteFilePath(options.profileDir));
    options.command = positional.takeFirst();
    options.arguments = positional;
    const int code = runCommand(options, out, err);
    out.flush();
    err.flush();
    return code;
}

} // namespace Tincan::Ctl
