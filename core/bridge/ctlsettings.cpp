// `tincan ctl settings [KEY [VALUE]]`: read and change the settings of the one schema
// (node/settings.h) on a node without a desktop. The bridge checks the value; the schema here
// only says how to read VALUE from the command line.
#include "ctlsession.h"
#include "node/settings.h"

namespace Tincan::Ctl {

namespace {

QString shown(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

// VALUE as the schema's type: true/false (also on/off, yes/no), a whole number, text, or a
// comma-separated list.
std::optional<QJsonValue> parsed(const SettingSpec &spec, const QString &text)
{
    switch (spec.type) {
    case SettingType::Bool:
        if (QStringList{QStringLiteral("true"), QStringLiteral("on"), QStringLiteral("yes")}
                .contains(text.toLower()))
            return true;
        if (QStringList{QStringLiteral("false"), QStringLiteral("off"), QStringLiteral("no")}
                .contains(text.toLower()))
            return false;
        return std::nullopt;
    case SettingType::Integer: {
        bool ok = false;
        const qint64 number = text.toLongLong(&ok);
        return ok ? std::optional<QJsonValue>(double(number)) : std::nullopt;
    }
    case SettingType::Choice:
    case SettingType::Path:
    case SettingType::Device:
        return text;
    case SettingType::List: { // comma-separated; empty: none
        QJsonArray items;
        for (const QString &item : text.split(u',', Qt::SkipEmptyParts))
            items.append(item.trimmed());
        return items;
    }
    case SettingType::Json:
        return std::nullopt; // not for the command line (the desktop's own)
    }
    return std::nullopt;
}

} // namespace

int settings(const Session &s)
{
    const QStringList &args = s.options.arguments;
    if (args.size() > 2)
        return s.fail({Usage, QStringLiteral("usage: tincan ctl settings [<key> [<value>]]")});
    const QString key = args.value(0);
    const SettingSpec *spec = Settings::find(key);
    if (!key.isEmpty() && key != u"displayName" && (!spec || !spec->api)) {
        QStringList keys{QStringLiteral("displayName")};
        for (const SettingSpec &each : Settings::all()) {
            if (each.api)
                keys.append(each.key);
        }
        return s.fail({Usage, QStringLiteral("no setting '%1' (there are: %2)")
                                  .arg(key, keys.join(QStringLiteral(", ")))});
    }
    Failure failure;
    std::optional<QJsonObject> body;
    if (args.size() == 2) {
        const auto value = key == u"displayName" ? std::optional<QJsonValue>(args.at(1))
                                                 : parsed(*spec, args.at(1));
        if (!value) {
            QString error;
            Settings::check(*spec, QJsonValue(), &error); // the schema's words for what it takes
            return s.fail({Usage, error});
        }
        body = s.client.fetch("PATCH", QStringLiteral("/api/v1/settings"),
                              QJsonObject{{key, *value}}, &failure);
    } else {
        body = s.client.fetch("GET", QStringLiteral("/api/v1/settings"), {}, &failure);
    }
    if (!body)
        return s.fail(failure);
    if (s.options.json) {
        s.printJson(key.isEmpty() ? *body : QJsonObject{{key, body->value(key)}});
        return Ok;
    }
    if (!key.isEmpty()) {
        s.out << shown(body->value(key)) << "\n";
        return Ok;
    }
    for (auto it = body->constBegin(); it != body->constEnd(); ++it)
        s.out << it.key().leftJustified(26) << " " << shown(it.value()) << "\n";
    return Ok;
}

} // namespace Tincan::Ctl
