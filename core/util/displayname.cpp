#include "displayname.h"

namespace Tincan {

namespace {

int utf8Length(char32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

bool isEmojiPart(char32_t cp)
{
    return cp >= 0x1F000 || QChar::category(cp) == QChar::Symbol_Other;
}

// previous: the code point kept before cp (0 at the start).
bool isUnwanted(char32_t cp, char32_t previous)
{
    const auto category = QChar::category(cp);
    if (category == QChar::Other_Format) {
        if (cp == 0x200D) // zero-width joiner: part of 👩‍💻, invisible between letters
            return !isEmojiPart(previous);
        return !(cp >= 0xE0020 && cp <= 0xE007F); // tag characters spell subdivision flags
    }
    return category == QChar::Other_Control || category == QChar::Separator_Line ||
           category == QChar::Separator_Paragraph || category == QChar::Other_Surrogate;
}

} // namespace

QString sanitizedName(const QString &name, qsizetype maxBytes)
{
    QString result;
    qsizetype bytes = 0;
    char32_t previous = 0;
    const QString trimmed = name.trimmed();
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        char32_t cp = trimmed.at(i).unicode();
        qsizetype units = 1;
        if (QChar::isHighSurrogate(cp) && i + 1 < trimmed.size() &&
            trimmed.at(i + 1).isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(trimmed.at(i), trimmed.at(i + 1));
            units = 2;
        }
        if (!isUnwanted(cp, previous)) {
            bytes += utf8Length(cp);
            if (bytes > maxBytes)
                break;
            result += trimmed.mid(i, units);
            previous = cp;
        }
        i += units - 1;
    }
    return result.trimmed();
}

} // namespace Tincan
