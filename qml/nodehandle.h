#pragma once

class QQmlEngine;

namespace Tincan {
class Node;
}

// Which node a QML engine shows. app/ (and each test) attaches the node to its engine before
// loading anything; the App singleton and the QML-creatable models find it there. Kept on the
// engine, not in a static, so that two engines can show two nodes.
namespace NodeHandle {
void attach(QQmlEngine &engine, Tincan::Node &node);
// The engine's node; stops the program with a message when none was attached, because no view
// can work without one.
Tincan::Node &of(const QQmlEngine *engine);
} // namespace NodeHandle
