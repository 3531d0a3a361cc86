#pragma once

#include <QString>

namespace Tincan {

// Names that other devices send us (announcements, hellos, peer hints), made safe to show and
// to log: no control characters (they could forge log lines), no bidi overrides, isolates or
// marks (they could disguise one name as another), no invisible format characters such as
// zero-width spaces (the zero-width joiner stays inside emoji sequences), no lone surrogates;
// trimmed, and cut to the longest prefix whose UTF-8 form fits in maxBytes.
QString sanitizedName(const QString &name, qsizetype maxBytes = 128);

} // namespace Tincan
