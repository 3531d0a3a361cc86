#include "messageformat.h"

#include <QRegularExpression>

namespace Tincan::MessageFormat {

namespace {

// Deliberately conservative: scheme links and www. hosts only. Trailing punctuation that
// usually ends a sentence is left out of the link.
const QRegularExpression &linkPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"((?:https?://|www\.)[^\s<>"']+[^\s<>"'.,;:!?)\]])"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

QString escapeText(const QString &text)
{
    QString escaped = text.toHtmlEscaped();
    escaped.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    return escaped;
}

} // namespace

QString toHtml(const QString &body)
{
    QString html;
    html.reserve(body.size() + 16);
    qsizetype last = 0;
    auto matches = linkPattern().globalMatch(body);
    while (matches.hasNext()) {
        const auto match = matches.next();
        html += escapeText(body.mid(last, match.capturedStart() - last));
        const QString text = match.captured();
        QString href = text;
        if (href.startsWith(QLatin1String("www."), Qt::CaseInsensitive))
            href.prepend(QStringLiteral("https://"));
        html +=
            QStringLiteral("<a href=\"%1\">%2</a>").arg(href.toHtmlEscaped(), text.toHtmlEscaped());
        last = match.capturedEnd();
    }
    html += escapeText(body.mid(last));
    return html;
}

bool isEmojiOnly(const QString &body)
{
    constexpr int maxEmoji = 6;
    int count = 0;
    const QList<uint> codePoints = body.toUcs4();
    for (const uint cp : codePoints) {
        if (QChar::isSpace(cp) || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
            (cp >= 0x1F3FB && cp <= 0x1F3FF))
            continue; // joiners, variation selectors and skin tones belong to the emoji before
        const bool emoji = (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
                           (cp >= 0x2B00 && cp <= 0x2BFF);
        if (!emoji || ++count > maxEmoji)
            return false;
    }
    return count > 0;
}

QString initials(const QString &name)
{
    const QStringList words = name.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty())
        return QStringLiteral("?");
    QString result;
    if (words.size() == 1)
        result = words.first().left(2);
    else
        result = words.at(0).left(1) + words.at(1).left(1);
    return result.toUpper();
}

} // namespace Tincan::MessageFormat
