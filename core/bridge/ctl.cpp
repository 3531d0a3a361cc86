#include "ctl.h"

#include "config/commandline.h"
#include "ctlclient.h"
#include "ctlcommands.h"

#include <QDir>
#include <QTextStream>

#include <cstdio>

namespace Tincan::Ctl {

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
        "  connect <host:port|link>    connect to a peer\n"
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
        "  open-url                    print the URL of the web page, with the token\n"
        "\n"
        "<peer> is an id, an unambiguous id prefix, or an unambiguous name or alias;\n"
        "<group> a group id, an unambiguous id prefix or name ('send' takes one too).\n"
        "--json prints the bridge's JSON instead of text. Exit codes: 0 ok, 1 failed,\n"
        "2 usage, 3 no reachable node or bridge, 4 no such peer or conversation.\n");
}

int run(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    return run(args, out, err);
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    Options options;
    options.profileDir = defaultProfileDir();
    qsizetype i = 0;
    for (; i < args.size() && args.at(i).startsWith(u'-'); ++i) {
        const QString &arg = args.at(i);
        if (arg == u"--json") {
            options.json = true;
        } else if (arg == u"--profile" && i + 1 < args.size()) {
            options.profileDir = args.at(++i);
        } else if (arg.startsWith(QLatin1String("--profile="))) {
            options.profileDir = arg.mid(10);
        } else if (arg == u"-h" || arg == u"--help") {
            out << usage();
            return Ok;
        } else {
            err << "tincan ctl: unknown option " << arg << "\n" << usage();
            return Usage;
        }
    }
    if (i == args.size()) {
        err << usage();
        return Usage;
    }
    options.profileDir = QDir::cleanPath(QDir::current().absoluteFilePath(options.profileDir));
    options.command = args.at(i);
    options.arguments = args.mid(i + 1);
    const int code = runCommand(options, out, err);
    out.flush();
    err.flush();
    return code;
}

} // namespace Tincan::Ctl
