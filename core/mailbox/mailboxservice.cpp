#include "mailboxservice.h"

#include "envelope.h"
#include "net/sessionmanager.h"
#include "util/logging.h"

namespace Tincan {

using namespace MailboxProtocol;

MailboxService::MailboxService(SessionManager &sessions, Database &db, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_store(db)
{
    reloadOwners();
    m_store.expire();
    m_expiryTimer.setInterval(std::chrono::hours(1));
    connect(&m_expiryTimer, &QTimer::timeout, this, [this] { m_store.expire(); });
    m_expiryTimer.start();
    connect(&sessions, &SessionManager::messageReceived, this, &MailboxService::onMessage);
}

void MailboxService::reloadOwners()
{
    m_ownerBySlot.clear();
    for (const QString &owner : m_store.owners().value_or(QStringList{}))
        m_ownerBySlot.insert(slotOf(owner), owner);
}

void MailboxService::onMessage(const QString &peerId, const QCborMap &frame)
{
    const QString type = Protocol::typeOf(frame);
    if (type == Type::Use)
        onUse(peerId, frame);
    else if (type == Type::Put)
        onPut(peerId, frame);
    else if (type == Type::Get)
        sendHeld(peerId);
    else if (type == Type::Delete)
        onDelete(peerId, frame);
}

void MailboxService::onUse(const QString &peerId, const QCborMap &frame)
{
    const auto use = decodeUse(frame);
    if (!use)
        return;
    UseAnswer answer = UseAnswer::Stopped;
    if (*use && !m_offered) {
        answer = UseAnswer::NotOffered;
    } else if (*use) {
        if (!m_store.addOwner(peerId))
            return; // no answer: the owner asks again on its next session
        answer = UseAnswer::Accepted;
        qCInfo(lcMailbox).noquote() << "holding envelopes for" << peerId.left(12) << "from now on";
    } else if (!m_store.removeOwner(peerId)) {
        return;
    }
    reloadOwners();
    m_sessions.send(peerId, encodeUseReply(answer));
}

QString MailboxService::ownerFor(const QByteArray &slot, const QString &depositorId) const
{
    if (const auto owner = m_ownerBySlot.constFind(slot); owner != m_ownerBySlot.constEnd())
        return *owner;
    if (m_ownerBySlot.contains(slotOf(depositorId)))
        return depositorId;
    return {};
}

void MailboxService::onPut(const QString &peerId, const QCborMap &frame)
{
    const auto put = decodePut(frame);
    if (!put)
        return;
    PutReply reply{put->tag, PutStatus::Invalid};
    QString why;
    const auto envelope = Envelopes::decode(put->envelope, &why);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString owner = envelope ? ownerFor(envelope->header.slot, peerId) : QString();
    if (!envelope) {
        qCWarning(lcMailbox).noquote() << "refused a deposit from" << peerId.left(12) << ":" << why;
    } else if (envelope->header.expires <= now.toSecsSinceEpoch()) {
        qCInfo(lcMailbox).noquote() << "refused an expired envelope from" << peerId.left(12);
    } else if (owner.isEmpty() || !m_offered) {
        reply.status = PutStatus::Refused;
    } else {
        const QDateTime expires =
            std::min(QDateTime::fromSecsSinceEpoch(envelope->header.expires), now.addDays(MaxDays));
        switch (m_store.deposit({owner, envelope->header.slot, peerId, put->envelope, expires},
                                m_quotaBytes)) {
        case MailboxStore::DepositResult::Stored:
        case MailboxStore::DepositResult::Duplicate:
            reply.status = PutStatus::Stored;
            break;
        case MailboxStore::DepositResult::Full:
            reply.status = PutStatus::Full;
            qCInfo(lcMailbox).noquote() << "the quota of" << owner.left(12) << "is used up";
            break;
        case MailboxStore::DepositResult::Failed:
            reply.status = PutStatus::Failed;
            break;
        }
    }
    m_sessions.send(peerId, encodePutReply(reply));
}

// The device's own slot only: the slot comes from the link's proven device id, never a field.
void MailboxService::sendHeld(const QString &peerId)
{
    bool more = false;
    const auto held = m_store.heldFor(slotOf(peerId), &more);
    if (!held)
        return;
    m_sessions.send(peerId, encodeBatch({*held, more}));
}

void MailboxService::onDelete(const QString &peerId, const QCborMap &frame)
{
    const auto ids = decodeDelete(frame);
    if (!ids)
        return;
    const int removed = m_store.remove(slotOf(peerId), *ids);
    if (removed > 0)
        qCDebug(lcMailbox).noquote() << peerId.left(12) << "collected" << removed << "envelopes";
}

} // namespace Tincan
