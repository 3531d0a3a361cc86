#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// "Ada added a device: Ada laptop" (#18): the line a contact's conversation shows when that
// person's account lists other devices than before. Stored as an event line's body, as JSON,
// and put into words where it is shown, in the reader's names.
namespace Tincan::DeviceNotice {

// person: a device of the account (its name stands for the person). Empty when nothing changed.
QString encode(const QString &person, const QStringList &added, const QStringList &removed);
// The words for body, or nullopt when body is no such notice.
std::optional<QString> describe(const QString &body,
                                const std::function<QString(const QString &peerId)> &nameOf);

} // namespace Tincan::DeviceNotice
