#pragma once

#include <QJsonValue>
#include <QStringList>

#include <functional>
#include <optional>

namespace Tincan {

enum class SettingType
{
    Bool,
    Integer, // a whole number from min to max
    Choice,  // one of choices
    Path,    // empty (the default place) or an absolute path
    Json,    // any JSON the front end that owns it writes (the desktop's window list)
    Device,  // empty (none) or a device id: 64 lowercase hex digits
    List,    // up to 8 strings, each accepted by the spec's item check
};

struct SettingSpec
{
    QString key = {};
    SettingType type = SettingType::Bool;
    QJsonValue fallback = {};
    qint64 min = 0;
    qint64 max = 0;
    QStringList choices = {};
    bool api = true; // read and changed through the bridge (and so `tincan ctl`)
    // List: whether one item is valid; false with *error saying why.
    std::function<bool(const QString &item, QString *error)> item = {};
};

// The one schema of the user settings of DIR/settings.json (docs/architecture.md, "Settings"):
// the desktop, the bridge and the command line read defaults and limits from here, and
// Node::setSetting() refuses what does not fit. Changes are announced by Node::changed.
namespace Settings {

const QList<SettingSpec> &all();
const SettingSpec *find(const QString &key);
// The value to store, or nullopt with a message that names the key and what it takes.
std::optional<QJsonValue> check(const SettingSpec &spec, const QJsonValue &value, QString *error);

} // namespace Settings

} // namespace Tincan
