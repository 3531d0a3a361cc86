#include "profile.h"

#include "util/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSysInfo>

namespace Tincan {

namespace {

const QString settingsFileName = QStringLiteral("settings.json");

QString defaultDisplayName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    if (user.isEmpty())
        user = QStringLiteral("tincan");
    return QStringLiteral("%1@%2").arg(user, QSysInfo::machineHostName());
}

} // namespace

Profile::Profile(QString dir)
    : m_dir(std::move(dir))
{}

std::optional<Profile> Profile::open(const QString &dir, QString *error)
{
    QDir d(dir);
    if (!d.exists() && !d.mkpath(QStringLiteral("."))) {
        *error = QStringLiteral("Cannot create profile directory %1").arg(dir);
        return std::nullopt;
    }
    const auto ownerOnly = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
    if (!QFile::setPermissions(dir, ownerOnly)) {
        *error = QStringLiteral("Cannot restrict permissions of profile directory %1").arg(dir);
        return std::nullopt;
    }
    Profile profile(QFileInfo(dir).canonicalFilePath());
    if (!profile.loadSettings(error))
        return std::nullopt;
    return profile;
}

QString Profile::filePath(const QString &name) const
{
    return QDir(m_dir).filePath(name);
}

bool Profile::setDisplayName(const QString &name, QString *error)
{
    if (name == m_displayName)
        return true;
    const QString previous = m_displayName;
    m_displayName = name;
    if (!saveSettings(error)) {
        m_displayName = previous;
        return false;
    }
    return true;
}

bool Profile::loadSettings(QString *error)
{
    QFile file(filePath(settingsFileName));
    if (!file.exists()) {
        m_displayName = defaultDisplayName();
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        // Refuse rather than overwrite: the user may want to repair it by hand.
        *error = QStringLiteral("Settings file %1 is corrupt (%2); fix or remove it.")
                     .arg(file.fileName(), parseError.errorString());
        return false;
    }
    m_settings = doc.object();
    m_displayName = m_settings.value(QStringLiteral("displayName")).toString();
    if (m_displayName.isEmpty())
        m_displayName = defaultDisplayName();
    return true;
}

QJsonValue Profile::setting(const QString &key, const QJsonValue &fallback) const
{
    return m_settings.contains(key) ? m_settings.value(key) : fallback;
}

bool Profile::setSetting(const QString &key, const QJsonValue &value, QString *error)
{
    if (m_settings.value(key) == value)
        return true;
    const QJsonObject previous = m_settings;
    m_settings.insert(key, value);
    if (!saveSettings(error)) {
        m_settings = previous;
        return false;
    }
    return true;
}

bool Profile::saveSettings(QString *error) const
{
    QJsonObject settings = m_settings;
    settings.insert(QStringLiteral("displayName"), m_displayName);
    return writePrivateFile(filePath(settingsFileName),
                            QJsonDocument(settings).toJson(QJsonDocument::Indented), error);
}

bool writePrivateFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    if (file.write(data) != data.size() || !file.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace Tincan
