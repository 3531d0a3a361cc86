#pragma once

#include "transfertypes.h"

#include <QList>

#include <optional>

namespace Tincan {

class Database;

// The transfers table (schema migration 4). One row per transfer, peer and direction.
class TransferStore
{
public:
    explicit TransferStore(Database &db)
        : m_db(db)
    {}

    bool insert(const TransferRecord &record);
    // Writes every mutable column of record (found by id, peer and direction).
    bool update(const TransferRecord &record);
    std::optional<TransferRecord> find(const QString &id, const QString &peerId,
                                       TransferDirection direction) const;
    QList<TransferRecord> byId(const QString &id) const;
    // Not finished, optionally only those with one peer.
    QList<TransferRecord> unfinished(const QString &peerId = {}) const;
    // Newest first, at most limit.
    QList<TransferRecord> recent(int limit) const;
    // The bytes of incoming files offered since then and taken (active, paused or done).
    qint64 incomingTakenSince(const QDateTime &since) const;
    // Incoming offers of one peer that wait for the user (or to start); -1 on error.
    int waitingOffersFrom(const QString &peerId) const;

private:
    QList<TransferRecord> select(const QString &where,
                                 std::initializer_list<QVariant> values) const;
    Database &m_db;
};

} // namespace Tincan
