#pragma once

#include "mailboxprotocol.h"

#include <QDateTime>
#include <QStringList>

#include <optional>

namespace Tincan {

class Database;

// What a mailbox holds (#17), in its own tables of the profile's database (schema 8): the
// devices that chose it (owners) and their sealed envelopes. Every envelope counts against
// one owner's quota: the owner of the slot it is for, or the owner who deposited it for a
// contact to collect. A deposit is one transaction, committed before the depositor hears
// "stored", so a mailbox killed at any moment has lost nothing it acknowledged.
class MailboxStore
{
public:
    explicit MailboxStore(Database &db)
        : m_db(db)
    {}

    bool addOwner(const QString &ownerId);
    bool removeOwner(const QString &ownerId);
    std::optional<QStringList> owners() const;

    struct Deposit
    {
        QString ownerId; // whose quota it counts against
        QByteArray slot;
        QString depositorId;
        QByteArray envelope; // Envelopes::encode() form, as received
        QDateTime expiresAt;
    };
    enum class DepositResult
    {
        Stored,
        Duplicate, // the same envelope is held already: stored once
        Full,      // the owner's quota would be exceeded
        Failed,    // database error: nothing stored
    };
    DepositResult deposit(const Deposit &deposit, qint64 quotaBytes);

    // The oldest envelopes for slot, within the batch limits; *more tells that others wait.
    std::optional<QList<MailboxProtocol::Held>> heldFor(const QByteArray &slot, bool *more) const;
    // Drops the envelopes of slot with these ids (others' ids are ignored). -1 on error.
    int remove(const QByteArray &slot, const QList<qint64> &ids);
    // Drops what expired by now; how many, -1 on error.
    int expire(const QDateTime &now = QDateTime::currentDateTimeUtc());
    int countFor(const QByteArray &slot) const;

    struct Usage
    {
        QString ownerId;
        int envelopes = 0;
        qint64 bytes = 0;
    };
    // Per owner, owners without envelopes included.
    std::optional<QList<Usage>> usage() const;

private:
    Database &m_db;
};

} // namespace Tincan
