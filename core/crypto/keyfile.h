#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// Reading the small private files of a profile (keys, certificates, signed records) the one
// careful way: regular files only, size-capped, errors that name the file.
namespace Tincan::KeyFile {

// A dangling symlink is "there" too: treating it as absent would create a new key through it.
bool present(const QString &path);

// what names the file in messages ("identity key", "account device list").
std::optional<QByteArray> read(const QString &path, const QString &what, QString *error);

// Logs a warning when group or others may read or write path.
void warnIfExposed(const QString &path, const QString &what);

void setError(QString *error, const QString &message);

} // namespace Tincan::KeyFile
