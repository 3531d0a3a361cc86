#pragma once

#include "storetypes.h"

#include <QSqlDatabase>
#include <QSqlQuery>

// Internal: mapping of a conversations row (table alias "c") and helpers shared by the
// repositories that change messages.
namespace Tincan::ConversationRow {

const QString &columns();
constexpr int columnCount = 8;
ConversationRecord read(const QSqlQuery &query, int first = 0);

// Sets unread to the number of unread, not deleted, incoming messages: after deletions.
bool recountUnread(const QSqlDatabase &db, const QString &conversationId);

} // namespace Tincan::ConversationRow
