#pragma once

#include "mailboxprotocol.h"

#include <QStringList>

#include <optional>

namespace Tincan {

class Database;

// The mailbox records that peers published (MailboxProtocol::Record), the newest of each: the
// key to seal a peer's envelopes to, and the mailbox it collects them from.
class PeerMailboxes
{
public:
    explicit PeerMailboxes(Database &db)
        : m_db(db)
    {}

    // Keeps record unless what is held is as new or newer. True when it changed; nullopt on a
    // database error. frame is kept as received, signature and all.
    std::optional<bool> store(const MailboxProtocol::Record &record, const QByteArray &frame);
    std::optional<MailboxProtocol::Record> find(const QString &peerId) const;
    // The record's frame as the peer signed it (CBOR), to pass on to someone who checks it
    // themselves (the rendezvous, ice/contactrendezvous.h); empty when there is none.
    QByteArray signedFrame(const QString &peerId) const;
    // Every mailbox some peer collects from: where envelopes for this device may wait too.
    QStringList mailboxes() const;

private:
    Database &m_db;
};

} // namespace Tincan
