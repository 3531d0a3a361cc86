#pragma once

#include "mailboxstore.h"

#include <QObject>
#include <QTimer>

namespace Tincan {

class SessionManager;

// The mailbox's side (#17): holds sealed envelopes for the devices that chose this node, and
// hands each device what waits in its slot. It cannot open an envelope; what it sees is in
// docs/security.md, "What a mailbox sees".
//
// A deposit is taken when the envelope's slot belongs to an owner (a contact writes to the
// owner), or when the depositor is an owner itself (the owner leaves a letter for a contact
// to collect); it counts against that owner's quota.
class MailboxService : public QObject
{
    Q_OBJECT
public:
    MailboxService(SessionManager &sessions, Database &db, QObject *parent = nullptr);

    // Off: no new owners and no new deposits; what is held is still handed out.
    void setOffered(bool offered) { m_offered = offered; }
    bool offered() const { return m_offered; }
    void setQuotaBytes(qint64 bytes) { m_quotaBytes = bytes; }
    qint64 quotaBytes() const { return m_quotaBytes; }
    // The longest a mailbox keeps an envelope, whatever its expiry says.
    static constexpr int MaxDays = 30;

    MailboxStore &store() { return m_store; }

private:
    void onMessage(const QString &peerId, const QCborMap &frame);
    void onUse(const QString &peerId, const QCborMap &frame);
    void onPut(const QString &peerId, const QCborMap &frame);
    void sendHeld(const QString &peerId);
    void onDelete(const QString &peerId, const QCborMap &frame);
    QString ownerFor(const QByteArray &slot, const QString &depositorId) const;
    void reloadOwners();

    SessionManager &m_sessions;
    MailboxStore m_store;
    QHash<QByteArray, QString> m_ownerBySlot;
    bool m_offered = false;
    qint64 m_quotaBytes = qint64(1) << 30;
    QTimer m_expiryTimer;
};

} // namespace Tincan
