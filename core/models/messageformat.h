#pragma once

#include <QString>

namespace Tincan::MessageFormat {

// Message text as rich text for a Qt Quick Text/TextEdit: HTML-escaped (a message can never
// inject markup), links made clickable, line breaks kept.
QString toHtml(const QString &body);

// True for short messages made only of emoji (and spaces): the UI shows them larger.
bool isEmojiOnly(const QString &body);

// Two letters for an avatar placeholder: initials of the first two words, or the first two
// characters of a single word, upper-cased.
QString initials(const QString &name);

} // namespace Tincan::MessageFormat
