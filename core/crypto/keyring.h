#pragma once

#include <QByteArray>
#include <QString>

#include <chrono>

// The system keyring (Secret Service, KWallet, ... through QtKeychain), synchronously: the keys
// are needed before the node can start, and nothing else runs yet. Every entry belongs to the
// service "Tincan"; an entry is named by the caller.
namespace Tincan::Keyring {

struct Result
{
    enum class Status
    {
        Ok,
        NotFound,    // the keyring answered: no such entry
        Unavailable, // no keyring reachable, access denied, or no answer in time
    };
    Status status = Status::Unavailable;
    QByteArray data; // read(): the entry's bytes
    QString message; // why, when not Ok; ready to show after "the keyring ..."
    bool ok() const { return status == Status::Ok; }
};

// A locked keyring may ask the user to unlock it, so the wait is long enough for a person.
inline constexpr std::chrono::seconds defaultTimeout{120};

Result read(const QString &entry, std::chrono::milliseconds timeout = defaultTimeout);
Result write(const QString &entry, const QByteArray &data,
             std::chrono::milliseconds timeout = defaultTimeout);
Result remove(const QString &entry, std::chrono::milliseconds timeout = defaultTimeout);

} // namespace Tincan::Keyring
