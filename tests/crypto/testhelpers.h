#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

// Helpers of tst_identity: the independent view on the files, through the filesystem and the
// openssl command line, so the tests do not only check the code against itself.
namespace TestHelpers {

// Every entry of dir, name -> content ("<directory>" for directories), to prove a refused
// profile was left exactly as it was.
QMap<QString, QByteArray> snapshot(const QString &dir);

QByteArray readFile(const QString &path);
bool writeFile(const QString &path, const QByteArray &data);

// Path of the openssl command, empty when it is not installed.
QString opensslProgram();

// Runs openssl with args and input on stdin; stdout on success, nullopt (with a warning that
// shows stderr) when it fails or exits non-zero.
std::optional<QByteArray> runOpenssl(const QStringList &args, const QByteArray &input = {});

} // namespace TestHelpers
