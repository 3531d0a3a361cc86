#pragma once

#include "storetypes.h"

#include <QSqlQuery>

// Internal: the one place that maps a messages row (table alias "m") to a MessageRecord.
namespace Tincan::MessageRow {

// For "SELECT " + columns() + " FROM messages m ..."; they occupy columnCount result columns.
const QString &columns();
constexpr int columnCount = 13;
MessageRecord read(const QSqlQuery &query, int first = 0);

} // namespace Tincan::MessageRow
