#include "mailboxstore.h"

#include "store/database.h"
#include "store/sqlsupport.h"
#include "store/statement.h"
#include "store/transaction.h"

#include <QCryptographicHash>

namespace Tincan {

bool MailboxStore::addOwner(const QString &ownerId)
{
    return Sql::Statement(m_db.connection(),
                          QStringLiteral("INSERT INTO mailbox_owners (owner_id, since) VALUES "
                                         "(?, ?) ON CONFLICT(owner_id) DO NOTHING"))
        .exec({ownerId, QDateTime::currentMSecsSinceEpoch()});
}

// What the owner left here stays until it is fetched or expires: its contacts' messages wait
// in it, and they count on them being held.
bool MailboxStore::removeOwner(const QString &ownerId)
{
    return Sql::Statement(m_db.connection(),
                          QStringLiteral("DELETE FROM mailbox_owners WHERE owner_id = ?"))
        .exec({ownerId});
}

std::optional<QStringList> MailboxStore::owners() const
{
    return Sql::strings(m_db.connection(),
                        QStringLiteral("SELECT owner_id FROM mailbox_owners ORDER BY since"));
}

MailboxStore::DepositResult MailboxStore::deposit(const Deposit &deposit, qint64 quotaBytes)
{
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    if (!transaction.isActive())
        return DepositResult::Failed;
    // A replay of an envelope held already is answered "stored" without counting it twice.
    const QByteArray digest =
        QCryptographicHash::hash(deposit.envelope, QCryptographicHash::Sha256);
    const QVariant known = Sql::scalar(
        db, QStringLiteral("SELECT 1 FROM mailbox_envelopes WHERE digest = ?"), {digest});
    if (known.isValid())
        return DepositResult::Duplicate;
    const QVariant used = Sql::scalar(
        db,
        QStringLiteral("SELECT coalesce(sum(size), 0) FROM mailbox_envelopes WHERE owner_id = ?"),
        {deposit.ownerId});
    if (!used.isValid())
        return DepositResult::Failed;
    if (used.toLongLong() + deposit.envelope.size() > quotaBytes)
        return DepositResult::Full;
    Sql::Statement insert(db, QStringLiteral(R"(
        INSERT INTO mailbox_envelopes (owner_id, slot, depositor_id, digest, envelope, size,
                                       expires_at, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?))"));
    if (!insert.exec({deposit.ownerId, deposit.slot, deposit.depositorId, digest, deposit.envelope,
                      deposit.envelope.size(), deposit.expiresAt.toMSecsSinceEpoch(),
                      QDateTime::currentMSecsSinceEpoch()}) ||
        !transaction.commit())
        return DepositResult::Failed;
    return DepositResult::Stored;
}

std::optional<QList<MailboxProtocol::Held>> MailboxStore::heldFor(const QByteArray &slot,
                                                                  bool *more) const
{
    Sql::Statement query(m_db.connection(),
                         QStringLiteral("SELECT id, envelope FROM mailbox_envelopes "
                                        "WHERE slot = ? ORDER BY id LIMIT ?"));
    if (!query.exec({slot, MailboxProtocol::MaxBatchItems + 1}))
        return std::nullopt;
    QList<MailboxProtocol::Held> held;
    qint64 bytes = 0;
    *more = false;
    while (query.next()) {
        const QByteArray envelope = query.value(1).toByteArray();
        if (held.size() == MailboxProtocol::MaxBatchItems ||
            (!held.isEmpty() && bytes + envelope.size() > MailboxProtocol::MaxBatchBytes)) {
            *more = true;
            break;
        }
        bytes += envelope.size();
        held.append({query.value(0).toLongLong(), envelope});
    }
    return held;
}

int MailboxStore::remove(const QByteArray &slot, const QList<qint64> &ids)
{
    const QSqlDatabase db = m_db.connection();
    Transaction transaction(db);
    Sql::Statement remove(db, QStringLiteral("DELETE FROM mailbox_envelopes "
                                             "WHERE slot = ? AND id = ?"));
    if (!transaction.isActive())
        return -1;
    int removed = 0;
    for (const qint64 id : ids) {
        if (!remove.exec({slot, id}))
            return -1;
        removed += remove->numRowsAffected();
    }
    return transaction.commit() ? removed : -1;
}

int MailboxStore::expire(const QDateTime &now)
{
    Sql::Statement remove(m_db.connection(),
                          QStringLiteral("DELETE FROM mailbox_envelopes WHERE expires_at <= ?"));
    if (!remove.exec({now.toMSecsSinceEpoch()}))
        return -1;
    return remove->numRowsAffected();
}

int MailboxStore::countFor(const QByteArray &slot) const
{
    const QVariant count = Sql::scalar(
        m_db.connection(), QStringLiteral("SELECT count(*) FROM mailbox_envelopes WHERE slot = ?"),
        {slot});
    return count.isValid() ? count.toInt() : -1;
}

std::optional<QList<MailboxStore::Usage>> MailboxStore::usage() const
{
    Sql::Statement query(m_db.connection(), QStringLiteral(R"(
        SELECT owner_id, count(size), coalesce(sum(size), 0) FROM (
            SELECT owner_id, size FROM mailbox_envelopes
            UNION ALL SELECT owner_id, NULL FROM mailbox_owners)
        GROUP BY owner_id ORDER BY owner_id)"));
    if (!query.exec())
        return std::nullopt;
    QList<Usage> usage;
    while (query.next())
        usage << Usage{query.value(0).toString(), query.value(1).toInt(),
                       query.value(2).toLongLong()};
    return usage;
}

} // namespace Tincan
