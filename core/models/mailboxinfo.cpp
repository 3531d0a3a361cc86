#include "mailboxinfo.h"

#include "chat/messenger.h"
#include "mailbox/courier.h"
#include "mailbox/mailboxservice.h"
#include "net/sessionmanager.h"
#include "node/node.h"

#include <QJsonValue>

namespace Tincan {

MailboxInfo::MailboxInfo(Node &node, QObject *parent)
    : MailboxInfo(parent)
{
    attach(node);
}

// Delivery states change thousands of times a second under load; the counts behind them
// are two aggregates over the store, read once per burst rather than once per message.
MailboxInfo::MailboxInfo(QObject *parent)
    : QObject(parent)
{
    m_rereadTimer.setSingleShot(true);
    m_rereadTimer.setInterval(100);
    connect(&m_rereadTimer, &QTimer::timeout, this, &MailboxInfo::reread);
}

void MailboxInfo::attach(Node &node)
{
    Q_ASSERT(!m_node);
    m_node = &node;
    connect(&node, &Node::changed, this, [this](const NodeChange &change) {
        if (change.kind == ChangeKind::Mailbox || change.kind == ChangeKind::Setting ||
            change.kind == ChangeKind::Peer)
            scheduleReread();
    });
    const auto later = [this] { scheduleReread(); };
    connect(&node.sessions(), &SessionManager::peerConnected, this, later);
    connect(&node.sessions(), &SessionManager::peerDisconnected, this, later);
    connect(&node.messenger(), &Messenger::messageStateChanged, this, later);
    connect(&node.messenger(), &Messenger::messageAdded, this, later);
    reread();
}

// Only a difference notifies: the counts are read on every delivery change.
// Not restarted by each signal: a steady stream would otherwise postpone it for ever.
void MailboxInfo::scheduleReread()
{
    if (!m_rereadTimer.isActive())
        m_rereadTimer.start();
}

void MailboxInfo::reread()
{
    Courier &courier = m_node->courier();
    MailboxService &service = m_node->mailboxService();
    QVariantMap fresh;
    fresh.insert(QStringLiteral("mailboxId"), courier.mailbox());
    fresh.insert(QStringLiteral("mailboxName"),
                 courier.mailbox().isEmpty() ? QString() : m_node->nameOf(courier.mailbox()));
    fresh.insert(QStringLiteral("state"), int(courier.mailboxState()));
    fresh.insert(QStringLiteral("mailboxOnline"),
                 m_node->sessions().isConnected(courier.mailbox()));
    int waiting = 0, deposited = 0;
    QString held;
    for (const Outbox::DepositSummary &each :
         m_node->messenger().outbox().depositSummary().value_or(QList<Outbox::DepositSummary>{})) {
        waiting += each.waiting;
        deposited += each.deposited;
        if (held.isEmpty())
            held = each.heldReason;
    }
    fresh.insert(QStringLiteral("waiting"), waiting);
    fresh.insert(QStringLiteral("deposited"), deposited);
    fresh.insert(QStringLiteral("heldReason"), held);
    fresh.insert(QStringLiteral("offered"), service.offered());
    fresh.insert(QStringLiteral("offerForced"), m_node->config().mailbox);
    fresh.insert(QStringLiteral("quotaMiB"),
                 m_node->setting(QStringLiteral("mailboxQuotaMiB")).toInt());
    int owners = 0, envelopes = 0;
    for (const MailboxStore::Usage &usage :
         service.store().usage().value_or(QList<MailboxStore::Usage>{})) {
        ++owners;
        envelopes += usage.envelopes;
    }
    fresh.insert(QStringLiteral("owners"), owners);
    fresh.insert(QStringLiteral("envelopes"), envelopes);
    if (fresh == m_data)
        return;
    m_data = std::move(fresh);
    Q_EMIT changed();
}

bool MailboxInfo::use(const QString &peerId)
{
    m_error.clear();
    return m_node->useMailbox(peerId, &m_error);
}

bool MailboxInfo::setSetting(const QString &key, const QJsonValue &value)
{
    m_error.clear();
    const bool ok = m_node->setSetting(key, value, &m_error);
    reread();
    return ok;
}

bool MailboxInfo::setOffered(bool offered)
{
    return setSetting(QStringLiteral("mailboxOffer"), offered);
}

bool MailboxInfo::setQuotaMiB(int mebibytes)
{
    return setSetting(QStringLiteral("mailboxQuotaMiB"), mebibytes);
}

} // namespace Tincan
