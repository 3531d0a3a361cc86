#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Tincan {

// The directory that holds all state of one identity: keys, database, settings, node.json.
// Created with mode 0700 because it holds the private key.
class Profile
{
public:
    static std::optional<Profile> open(const QString &dir, QString *error);

    QString dir() const { return m_dir; }
    QString filePath(const QString &name) const;

    QString displayName() const { return m_displayName; }
    // Persists at once; returns false with a message when the settings file cannot be written.
    bool setDisplayName(const QString &name, QString *error);

    // Other user settings, persisted in DIR/settings.json next to the display name. Keys in use
    // are listed in docs/architecture.md ("Settings"); unknown keys are kept untouched.
    QJsonValue setting(const QString &key, const QJsonValue &fallback = {}) const;
    bool setSetting(const QString &key, const QJsonValue &value, QString *error);

private:
    explicit Profile(QString dir);
    bool loadSettings(QString *error);
    bool saveSettings(QString *error) const;

    QString m_dir;
    QString m_displayName;
    QJsonObject m_settings;
};

// Writes data to path atomically (temp file + rename) with mode 0600.
bool writePrivateFile(const QString &path, const QByteArray &data, QString *error);

} // namespace Tincan
