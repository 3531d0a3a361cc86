#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Tincan {

class Database;

// A conversation as a file the user takes away: JSON (complete, for tools) or plain text (for
// people). Oldest first; deleted messages appear as markers without text.
class HistoryExport
{
public:
    // selfName labels the local user's own messages in the text export.
    HistoryExport(Database &db, QString selfId, QString selfName);

    // {"format": "tincan-history", "version": 1, "conversation": {...}, "messages": [...]}
    std::optional<QByteArray> toJson(const QString &conversationId) const;
    // "[2024-05-01 14:03:12 UTC] Alice: text" per message, continuation lines indented.
    std::optional<QByteArray> toText(const QString &conversationId) const;

private:
    Database &m_db;
    QString m_selfId;
    QString m_selfName;
};

} // namespace Tincan
