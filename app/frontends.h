#pragma once

#include <QString>

#include <memory>

class QCoreApplication;

namespace Tincan {
class Node;
}

// A front end makes the application object it needs, runs the event loop until the user (or a
// signal) ends it, and returns the process exit status. The node is started before and stopped
// after. The headless one needs QtCore alone, so that tincan-node loads no Gui, Quick or Widgets.
struct Frontend
{
    std::unique_ptr<QCoreApplication> (*makeApplication)(int &argc, char **argv);
    int (*run)(Tincan::Node &node);
    // For a second start on a profile that is already running: raise its window. May be null.
    bool (*activateRunningInstance)(const QString &profileDir);
};

const Frontend &headlessFrontend();
const Frontend &guiFrontend(); // only in the tincan executable

// Parses the command line and runs `tincan ctl`, or a node with the GUI (if `gui` is not null and
// --headless is not given) or headless. Shared by both executables.
int launch(int argc, char *argv[], const Frontend *gui);

// On Linux, replaces this process (same pid, same argv) with the tincan-node executable installed
// beside it, so that a headless node never maps the GUI's libraries. Returns if there is none.
void execNodeExecutable(char *argv[]);
