#pragma once

#include "store/storetypes.h"

#include <QQmlEngine>

// The core's enums (store/storetypes.h) for QML, as the `Core` type: `trust === Core.Blocked`,
// `state === Core.Read`, `role === Core.Creator` instead of numbers whose meaning lives in C++.
// Tincan is this namespace's extension. Not QML_FOREIGN_NAMESPACE: Qt 6.4's type registrar
// writes code for a foreign namespace that does not compile; and QML_EXTENDED_NAMESPACE is
// written for classes there, so its two class infos stand here alone.
namespace TincanQmlEnums {
Q_NAMESPACE
QML_NAMED_ELEMENT(Core)
Q_CLASSINFO("QML.Extended", "Tincan")
Q_CLASSINFO("QML.ExtensionIsNamespace", "true")
} // namespace TincanQmlEnums
