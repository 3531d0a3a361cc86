#include "peermailboxes.h"

#include "store/database.h"
#include "store/sqlsupport.h"
#include "store/statement.h"

namespace Tincan {

std::optional<bool> PeerMailboxes::store(const MailboxProtocol::Record &record,
                                         const QByteArray &frame)
{
    Sql::Statement upsert(m_db.connection(), QStringLiteral(R"(
        INSERT INTO peer_mailboxes (peer_id, envelope_key, mailbox_id, issued_at, record)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(peer_id) DO UPDATE SET envelope_key = excluded.envelope_key,
            mailbox_id = excluded.mailbox_id, issued_at = excluded.issued_at,
            record = excluded.record
        WHERE excluded.issued_at > peer_mailboxes.issued_at)"));
    if (!upsert.exec(
            {record.deviceId, record.envelopeKey, record.mailboxId, record.issuedAtMs, frame}))
        return std::nullopt;
    return upsert->numRowsAffected() > 0;
}

std::optional<MailboxProtocol::Record> PeerMailboxes::find(const QString &peerId) const
{
    Sql::Statement query(m_db.connection(),
                         QStringLiteral("SELECT envelope_key, mailbox_id, issued_at "
                                        "FROM peer_mailboxes WHERE peer_id = ?"));
    if (!query.exec({peerId}) || !query.next())
        return std::nullopt;
    return MailboxProtocol::Record{peerId, query.value(0).toByteArray(), query.value(1).toString(),
                                   query.value(2).toLongLong()};
}

QByteArray PeerMailboxes::signedFrame(const QString &peerId) const
{
    Sql::Statement query(m_db.connection(),
                         QStringLiteral("SELECT record FROM peer_mailboxes WHERE peer_id = ?"));
    if (!query.exec({peerId}) || !query.next())
        return {};
    return query.value(0).toByteArray();
}

QStringList PeerMailboxes::mailboxes() const
{
    return Sql::strings(m_db.connection(), QStringLiteral("SELECT DISTINCT mailbox_id FROM "
                                                          "peer_mailboxes WHERE mailbox_id != ''"))
        .value_or(QStringList{});
}

} // namespace Tincan
