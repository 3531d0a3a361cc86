#pragma once

#include <QString>

namespace Tincan {
class Node;
}

// Each front end runs the event loop until the user (or a signal) ends it, and returns the
// process exit status. The node is started before and stopped after.
int runHeadless(Tincan::Node &node);
int runGui(Tincan::Node &node);

// For a second GUI start on a profile that is already running.
bool activateRunningInstance(const QString &profileDir);
