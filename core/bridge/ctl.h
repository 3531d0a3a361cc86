#pragma once

#include <QStringList>

class QTextStream;

// `tincan ctl`: a command-line client of a running node's bridge (docs/api.md). It reads the
// port from DIR/node.json and the token from DIR/bridge.token of the profile, so it works for
// the user who runs the node and no one else.
namespace Tincan::Ctl {

// args: what follows "ctl". Returns the process exit code (ctlclient.h, Exit).
int run(const QStringList &args);
int run(const QStringList &args, QTextStream &out, QTextStream &err);

QString usage();

} // namespace Tincan::Ctl
