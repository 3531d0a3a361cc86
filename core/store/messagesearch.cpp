#include "messagesearch.h"

#include "database.h"
#include "messagerow.h"
#include "searchindex.h"
#include "sqlsupport.h"
#include "util/logging.h"

#include <QSqlQuery>

#include <algorithm>
#include <limits>

namespace Tincan {

QString SearchHit::snippetHtml() const
{
    return snippet.toHtmlEscaped()
        .replace(QChar(MessageSearch::highlightStart), QLatin1String("<b>"))
        .replace(QChar(MessageSearch::highlightEnd), QLatin1String("</b>"));
}

QString MessageSearch::matchExpression(const QString &text)
{
    // FTS5 reads its query up to the first NUL, so a NUL inside a quoted term would leave the
    // string open ("unterminated string"). The tokenizer splits words at it anyway.
    QString cleaned = text;
    cleaned.replace(QChar::Null, QLatin1Char(' '));
    QStringList terms;
    for (const QString &trimmed : cleaned.simplified().split(u' ', Qt::SkipEmptyParts)) {
        // The tokenizer keeps letters and digits only; a word without any would be an empty
        // phrase, which FTS5 rejects.
        if (std::none_of(trimmed.cbegin(), trimmed.cend(),
                         [](QChar c) { return c.isLetterOrNumber(); }))
            continue;
        // Inside a string FTS5 knows no operators; a quote is escaped by doubling it.
        QString quoted = trimmed;
        quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
        terms << QLatin1Char('"') + quoted + QLatin1Char('"');
    }
    if (terms.isEmpty())
        return {};
    terms.last() += QLatin1Char('*');
    return terms.join(QLatin1Char(' '));
}

std::optional<QList<SearchHit>> MessageSearch::search(const SearchQuery &request) const
{
    const QString match = matchExpression(request.text);
    if (match.isEmpty())
        return QList<SearchHit>{};
    // What delivery committed since the indexer last ran is found too. Should that fail, the
    // search still runs on what the index holds.
    if (!SearchIndex(m_db).catchUp())
        qCWarning(lcStore) << "search runs without the messages not indexed yet";
    // Newest first by rowid lets FTS5 walk its doclists backwards and stop at the limit, where
    // ranking (bm25) would have to score every hit first.
    QString sql = QStringLiteral(R"(
        SELECT %1, snippet(messages_fts, 0, ?, ?, ?, ?)
        FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid
        WHERE messages_fts MATCH ? AND messages_fts.rowid < ?)")
                      .arg(MessageRow::columns());
    if (!request.conversationId.isEmpty())
        sql += QStringLiteral(" AND m.conversation_id = ?");
    sql += QStringLiteral(" ORDER BY messages_fts.rowid DESC LIMIT ?");

    const qint64 before =
        request.beforeSeq > 0 ? request.beforeSeq : std::numeric_limits<qint64>::max();
    const int limit = std::clamp(request.limit, 1, maxLimit);
    const QString start{QChar(highlightStart)};
    const QString end{QChar(highlightEnd)};
    const QString ellipsis{QChar(0x2026)};
    QSqlQuery query(m_db.connection());
    const bool ok =
        request.conversationId.isEmpty()
            ? Sql::run(query, sql, {start, end, ellipsis, snippetTokens, match, before, limit})
            : Sql::run(query, sql,
                       {start, end, ellipsis, snippetTokens, match, before, request.conversationId,
                        limit});
    if (!ok)
        return std::nullopt;
    QList<SearchHit> hits;
    while (query.next()) {
        hits << SearchHit{MessageRow::read(query), query.value(MessageRow::columnCount).toString()};
    }
    return hits;
}

} // namespace Tincan
