#include "testhelpers.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QtDebug>

namespace TestHelpers {

QMap<QString, QByteArray> snapshot(const QString &dir)
{
    QMap<QString, QByteArray> entries;
    const auto filter = QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System;
    const QFileInfoList infos = QDir(dir).entryInfoList(filter);
    for (const QFileInfo &info : infos) {
        if (info.isDir())
            entries.insert(info.fileName(), QByteArrayLiteral("<directory>"));
        else if (info.isSymLink() && !info.exists())
            entries.insert(info.fileName(), "<dangling link> " + info.symLinkTarget().toUtf8());
        else
            entries.insert(info.fileName(), readFile(info.filePath()));
    }
    return entries;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QString opensslProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

std::optional<QByteArray> runOpenssl(const QStringList &args, const QByteArray &input)
{
    QProcess process;
    process.start(opensslProgram(), args);
    if (!process.waitForStarted(30000)) {
        qWarning() << "openssl" << args << "did not start:" << process.errorString();
        return std::nullopt;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        qWarning() << "openssl" << args << "failed:" << process.readAllStandardError();
        return std::nullopt;
    }
    return process.readAllStandardOutput();
}

} // namespace TestHelpers
