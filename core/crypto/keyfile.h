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

// A private key that other users may read or write is refused rather than used: it may
// already have been copied, and the user has to decide. False with *error saying how to fix it.
bool refuseIfExposed(const QString &path, const QString &what, QString *error);

void setError(QString *error, const QString &message);

} // namespace Tincan::KeyFile
