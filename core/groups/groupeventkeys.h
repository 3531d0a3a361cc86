#pragma once

#include <QString>

// The field names that a group event (groupevent.cpp, on the wire) and its line in the history
// (groupeventline.cpp, in the store) share: one spelling for both.
namespace Tincan::GroupEventKeys {

inline const QString op = QStringLiteral("op");
inline const QString actor = QStringLiteral("actor");
inline const QString targets = QStringLiteral("targets");
inline const QString name = QStringLiteral("name");

} // namespace Tincan::GroupEventKeys
