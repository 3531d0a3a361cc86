#include "nodehandle.h"

#include "node/node.h"

#include <QQmlEngine>

namespace {
constexpr char propertyName[] = "_tincan_node";
}

void NodeHandle::attach(QQmlEngine &engine, Tincan::Node &node)
{
    engine.setProperty(propertyName, QVariant::fromValue(static_cast<QObject *>(&node)));
}

Tincan::Node &NodeHandle::of(const QQmlEngine *engine)
{
    auto *node =
        engine ? qobject_cast<Tincan::Node *>(engine->property(propertyName).value<QObject *>())
               : nullptr;
    if (!node)
        qFatal("a Tincan view was created on a QML engine without a node "
               "(NodeHandle::attach must come before the engine loads QML)");
    return *node;
}
