#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace Tincan {

class Database;
struct MessageRecord;

// A conversation as a file the user takes away: JSON (complete, for tools) or plain text (for
// people). Oldest first; deleted messages appear as markers without text.
class HistoryExport
{
public:
    // nameOf names a device, this one included (Node::nameOf); group event lines are put
    // into words with it.
    using NameOf = std::function<QString(const QString &peerId)>;
    HistoryExport(Database &db, QString selfId, NameOf nameOf);

    // {"format": "tincan-history", "version": 1, "conversation": {...}, "messages": [...]}
    std::optional<QByteArray> toJson(const QString &conversationId) const;
    // "[2024-05-01 14:03:12 UTC] Alice: text" per message, continuation lines indented.
    std::optional<QByteArray> toText(const QString &conversationId) const;

private:
    QString bodyOf(const MessageRecord &m) const;

    Database &m_db;
    QString m_selfId;
    NameOf m_nameOf;
};

} // namespace Tincan
