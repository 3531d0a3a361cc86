// The routes about mailboxes (#17): the one this node uses, what waits for offline contacts,
// and what this node holds as a mailbox.
#include "apihandler.h"
#include "chat/messenger.h"
#include "mailbox/courier.h"
#include "mailbox/mailboxservice.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/peerrepository.h"

#include <QJsonArray>

namespace Tincan {

namespace Mailboxes {
namespace {

QString stateName(Courier::MailboxState state)
{
    switch (state) {
    case Courier::MailboxState::None:
        return QStringLiteral("none");
    case Courier::MailboxState::Asking:
        return QStringLiteral("asking");
    case Courier::MailboxState::Accepted:
        return QStringLiteral("accepted");
    case Courier::MailboxState::NotOffered:
        return QStringLiteral("not-offered");
    }
    return QStringLiteral("none");
}

} // namespace
} // namespace Mailboxes

QJsonObject ApiHandler::mailbox() const
{
    Courier &courier = m_node.courier();
    QJsonObject mine{{QStringLiteral("state"), Mailboxes::stateName(courier.mailboxState())}};
    if (!courier.mailbox().isEmpty()) {
        mine.insert(QStringLiteral("peer"), courier.mailbox());
        mine.insert(QStringLiteral("name"), m_node.nameOf(courier.mailbox()));
        mine.insert(QStringLiteral("online"), m_node.sessions().isConnected(courier.mailbox()));
    }
    QJsonArray waiting;
    for (const Outbox::DepositSummary &each :
         m_node.messenger().outbox().depositSummary().value_or(QList<Outbox::DepositSummary>{})) {
        QJsonObject entry{{QStringLiteral("peer"), each.recipientId},
                          {QStringLiteral("name"), m_node.nameOf(each.recipientId)},
                          {QStringLiteral("messages"), each.waiting},
                          {QStringLiteral("deposited"), each.deposited}};
        if (!each.heldReason.isEmpty())
            entry.insert(QStringLiteral("held"), each.heldReason);
        waiting.append(entry);
    }
    MailboxService &service = m_node.mailboxService();
    QJsonArray owners;
    for (const MailboxStore::Usage &usage :
         service.store().usage().value_or(QList<MailboxStore::Usage>{}))
        owners.append(QJsonObject{{QStringLiteral("peer"), usage.ownerId},
                                  {QStringLiteral("name"), m_node.nameOf(usage.ownerId)},
                                  {QStringLiteral("envelopes"), usage.envelopes},
                                  {QStringLiteral("bytes"), double(usage.bytes)}});
    return {{QStringLiteral("mailbox"), mine},
            {QStringLiteral("waiting"), waiting},
            {QStringLiteral("collected"), courier.collected()},
            {QStringLiteral("rejected"), courier.rejected()},
            {QStringLiteral("serving"),
             QJsonObject{{QStringLiteral("offered"), service.offered()},
                         {QStringLiteral("quotaBytes"), double(service.quotaBytes())},
                         {QStringLiteral("owners"), owners}}}};
}

ApiResponse ApiHandler::getMailbox(Call &)
{
    return ApiResponse::ok(mailbox());
}

ApiResponse ApiHandler::patchMailbox(Call &call)
{
    call.body.onlyKeys({QStringLiteral("peer")});
    const auto peer = call.body.string(QStringLiteral("peer"), true, 64);
    if (!call.body.ok())
        return {};
    if (!peer->isEmpty() && !isValidPeerId(*peer)) {
        call.body.fail(QStringLiteral("'peer' must be a device id (64 hex digits), or \"\" for "
                                      "none"));
        return {};
    }
    QString error;
    if (!m_node.useMailbox(*peer, &error))
        return ApiResponse::error(m_node.peers().find(*peer) || peer->isEmpty() ? 400 : 404, error);
    return ApiResponse::ok(mailbox());
}

} // namespace Tincan
