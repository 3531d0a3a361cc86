#pragma once

#include <QString>

class QFile;

// Names and places of received files. An offered name is hostile input: it only ever becomes a
// single, harmless file name inside the download folder, and a saved file never replaces one
// that is already there.
namespace Tincan::FileNames {

inline constexpr int MaxNameBytes = 200; // UTF-8; leaves room for " (n)" and the part suffix

// Basename only; no NUL, control characters, separators or characters Windows refuses; no
// leading dots (nothing hidden, no "..") or trailing dots and spaces; reserved device names
// (CON, NUL, COM1, ...) prefixed; cut to MaxNameBytes keeping the extension; never empty.
QString sanitize(const QString &offered);

// The hidden name a transfer writes to until its hash matches: it never looks complete.
QString partName(const QString &safeName, const QString &transferId);

// "name.ext", "name (1).ext", ... : the candidate for attempt n.
QString numbered(const QString &safeName, int n);

// Moves partPath into dir under safeName, or a numbered variant when that exists: a hard link
// (which fails rather than replace anything) then unlink of the part, then an fsync of the
// folder. Returns the final path, or an empty string with *error set.
QString placeWithoutOverwrite(const QString &partPath, const QString &dir, const QString &safeName,
                              QString *error);

// Opens the part file for reading and writing, never through a symbolic link (someone with
// write access to the download folder could point one at any file of ours). create: a new
// transfer, whose part file must not exist yet; otherwise a resumed one, whose part must.
bool openPart(QFile &file, const QString &path, bool create, QString *error);

} // namespace Tincan::FileNames
