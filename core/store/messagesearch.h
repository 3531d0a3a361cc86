#pragma once

#include "storetypes.h"

#include <optional>

namespace Tincan {

class Database;

struct SearchHit
{
    MessageRecord message;
    // An excerpt of the body with each match between highlightStart and highlightEnd.
    QString snippet;
    // The snippet as HTML: the text escaped, the matches in <b>…</b>.
    QString snippetHtml() const;
};

struct SearchQuery
{
    QString text;           // as the user typed it; any string is safe
    QString conversationId; // empty: every conversation
    int limit = 50;
    qint64 beforeSeq = 0; // paging: only hits older than this seq (SearchHit::message.seq)
};

// Full-text search over every message body (FTS5), newest first. The user's text is never
// handed to FTS5 as query syntax: each word becomes a quoted term that must all match, the last
// one also as a prefix (search as you type).
class MessageSearch
{
public:
    // Private-use characters: they cannot clash with message text, so escaping stays exact.
    static constexpr char16_t highlightStart = 0xE000;
    static constexpr char16_t highlightEnd = 0xE001;
    static constexpr int snippetTokens = 12;
    static constexpr int maxLimit = 200;

    explicit MessageSearch(Database &db)
        : m_db(db)
    {}

    // Empty list for text with nothing searchable; nullopt on a database error.
    std::optional<QList<SearchHit>> search(const SearchQuery &query) const;

    // The FTS5 MATCH expression for user text; empty when nothing is searchable.
    static QString matchExpression(const QString &text);

private:
    Database &m_db;
};

} // namespace Tincan
