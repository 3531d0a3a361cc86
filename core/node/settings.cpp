#include "settings.h"

#include "dht/dhtconfig.h"
#include "ice/iceconfig.h"
#include "store/storetypes.h"

#include <QDir>
#include <QJsonArray>

#include <cmath>

namespace Tincan::Settings {

const QList<SettingSpec> &all()
{
    using T = SettingType;
    static const QList<SettingSpec> specs{
        {.key = QStringLiteral("readReceipts"), .type = T::Bool, .fallback = true},
        {.key = QStringLiteral("acceptEveryone"), .type = T::Bool, .fallback = false},
        {.key = QStringLiteral("notifications"), .type = T::Bool, .fallback = true},
        {.key = QStringLiteral("theme"),
         .type = T::Choice,
         .fallback = QStringLiteral("system"),
         .choices = {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}},
        {.key = QStringLiteral("closeToTray"), .type = T::Bool, .fallback = true},
        {.key = QStringLiteral("bridgeEnabled"), .type = T::Bool, .fallback = false},
        {.key = QStringLiteral("bridgePort"), .type = T::Integer, .fallback = 0, .max = 65535},
        {.key = QStringLiteral("retentionDays"), .type = T::Integer, .fallback = 0, .max = 36500},
        // Empty: ~/Downloads/Tincan (FileTransfers' settings hold the folder in use).
        {.key = QStringLiteral("downloadDir"), .type = T::Path, .fallback = QString()},
        {.key = QStringLiteral("fileAutoAcceptBytes"),
         .type = T::Integer,
         .fallback = 100 * 1024 * 1024,
         .min = -1,
         .max = qint64(1) << 50},
        {.key = QStringLiteral("fileSendRateLimit"),
         .type = T::Integer,
         .fallback = 0,
         .max = qint64(1) << 40},
        {.key = QStringLiteral("fileAutoAcceptPerDayBytes"),
         .type = T::Integer,
         .fallback = double(qint64(1) << 30),
         .min = -1,
         .max = qint64(1) << 50},
        // Mailboxes (#17): whether this node holds envelopes for the contacts that choose it,
        // how much for each of them, and the device this profile chose to hold its own.
        {.key = QStringLiteral("mailboxOffer"), .type = T::Bool, .fallback = false},
        {.key = QStringLiteral("mailboxQuotaMiB"),
         .type = T::Integer,
         .fallback = 1024,
         .min = 1,
         .max = 1024 * 1024},
        {.key = QStringLiteral("mailboxPeer"), .type = T::Device, .fallback = QString()},
        // Several devices (#18): what a new device asks of the one that linked it, the last 90
        // days and every conversation's latest page, or all of it.
        {.key = QStringLiteral("linkAllHistory"), .type = T::Bool, .fallback = false},
        // Beyond the LAN (#24): off by default (--internet forces it on), and the servers,
        // none built in.
        {.key = QStringLiteral("internet"), .type = T::Bool, .fallback = false},
        {.key = QStringLiteral("stunServers"),
         .type = T::List,
         .fallback = QJsonValue(QJsonValue::Array),
         .item = [](const QString &text,
                    QString *error) { return parseStunServer(text, error).has_value(); }},
        {.key = QStringLiteral("turnServers"),
         .type = T::List,
         .fallback = QJsonValue(QJsonValue::Array),
         .item = [](const QString &text,
                    QString *error) { return parseTurnServer(text, error).has_value(); }},
        // The DHT rendezvous (#25): Jami's public bootstrap unless the user names others; an
        // empty list keeps this node off the DHT.
        {.key = QStringLiteral("dhtBootstrap"),
         .type = T::List,
         .fallback = QJsonArray{QString::fromLatin1(DefaultDhtBootstrap)},
         .item = [](const QString &text,
                    QString *error) { return parseDhtBootstrap(text, error).has_value(); }},
        // The desktop's own: chat windows open at exit, with their geometry.
        {.key = QStringLiteral("windows"),
         .type = T::Json,
         .fallback = QJsonValue(QJsonValue::Array),
         .api = false},
    };
    return specs;
}

const SettingSpec *find(const QString &key)
{
    for (const SettingSpec &spec : all()) {
        if (spec.key == key)
            return &spec;
    }
    return nullptr;
}

std::optional<QJsonValue> check(const SettingSpec &spec, const QJsonValue &value, QString *error)
{
    const QString key = spec.key;
    switch (spec.type) {
    case SettingType::Bool:
        if (value.isBool())
            return value;
        *error = QStringLiteral("'%1' must be true or false").arg(key);
        return std::nullopt;
    case SettingType::Integer: {
        const double number = value.toDouble();
        if (value.isDouble() && std::trunc(number) == number && number >= double(spec.min) &&
            number <= double(spec.max))
            return value;
        *error = QStringLiteral("'%1' must be a whole number from %2 to %3")
                     .arg(key)
                     .arg(spec.min)
                     .arg(spec.max);
        return std::nullopt;
    }
    case SettingType::Choice:
        if (value.isString() && spec.choices.contains(value.toString()))
            return value;
        *error = QStringLiteral("'%1' must be one of: %2")
                     .arg(key, spec.choices.join(QStringLiteral(", ")));
        return std::nullopt;
    case SettingType::Path:
        if (value.isString() && value.toString().size() <= 4096 &&
            (value.toString().isEmpty() || QDir::isAbsolutePath(value.toString())))
            return value;
        *error = QStringLiteral("'%1' must be an absolute path, or empty for the default").arg(key);
        return std::nullopt;
    case SettingType::Device:
        if (value.isString() && (value.toString().isEmpty() || isValidPeerId(value.toString())))
            return value;
        *error =
            QStringLiteral("'%1' must be a device id (64 hex digits), or empty for none").arg(key);
        return std::nullopt;
    case SettingType::List: {
        const QJsonArray items = value.toArray();
        if (!value.isArray() || items.size() > 8) {
            *error = QStringLiteral("'%1' must be a list of at most 8 entries").arg(key);
            return std::nullopt;
        }
        for (const QJsonValue &item : items) {
            QString why;
            if (!item.isString() || !spec.item(item.toString(), &why)) {
                *error = QStringLiteral("'%1': %2")
                             .arg(key, item.isString() ? why : QStringLiteral("not text"));
                return std::nullopt;
            }
        }
        return value;
    }
    case SettingType::Json:
        if (!value.isUndefined())
            return value;
        *error = QStringLiteral("'%1' needs a value").arg(key);
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace Tincan::Settings
