#pragma once

#include "link.h"
#include "store/storetypes.h"

#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QSslCertificate>
#include <QString>

namespace Tincan {

class PeerRepository;

// Raised when a peer we know shows up with a different key: the MITM alarm. Nothing from the
// presented key is accepted until the user decides (SessionManager::resolveKeyChange).
struct KeyChangeEvent
{
    QString knownId; // the key we had pinned
    QString knownName;
    QString presentedId; // the key that was presented instead
    QString presentedName;
    QString address;
    QDateTime at;
};

// Decides, once a link has proven a device key, whether it may carry messages. It judges the
// credential and the path it came by, never the channel (socket, transport) itself.
// Keys are pinned in the peer store: unknown keys are admitted as unverified (chat allowed),
// blocked keys are refused, and a new key claiming a known peer's name at its address, or a
// key other than the one an invite link pinned, raises a KeyChangeEvent and is refused.
class TrustPolicy
{
public:
    TrustPolicy(QString localId, PeerRepository &peers);

    struct Decision
    {
        bool accept = false;
        QString reason; // for refusals, logged
        std::optional<KeyChangeEvent> keyChange;
        // A device dropped from its account's list: that newer list, which it is sent before
        // the link closes, so that it learns it was revoked.
        QCborMap newerList;
    };
    // expectedId: the key the dialler asked for (empty if any); pinned: it came from an invite.
    Decision evaluate(const DeviceCredential &remote, const LinkPath &path,
                      const QString &expectedId, bool pinned);
    // Records an accepted link: name, address and last seen; pins the certificate when new.
    // Returns the older list of the device's account that its hello replaced, if any.
    std::optional<DeviceList> admit(const DeviceCredential &remote, const LinkPath &path,
                                    bool pinned);
    // This person's account: its other devices are admitted as verified (their list is signed
    // by this account's own key).
    void setOwnAccount(const QString &accountId) { m_ownAccountId = accountId; }

    // The user's answer to a key change: accept pins the new key as unverified, reject blocks it.
    bool resolveKeyChange(const QString &presentedId, bool accept);
    // At most MaxPendingKeyChanges wait; a new one pushes out the oldest.
    QList<KeyChangeEvent> pendingKeyChanges() const;
    static constexpr int MaxPendingKeyChanges = 32;

private:
    QString judgeAccount(const DeviceCredential &remote, QCborMap *newerList,
                         const std::optional<PeerRecord> &record) const;
    std::optional<KeyChangeEvent> impersonatedPeer(const DeviceCredential &remote,
                                                   const LinkPath &path) const;

    QString m_localId;
    QString m_ownAccountId;
    PeerRepository &m_peers;
    struct Pending
    {
        KeyChangeEvent event;
        QSslCertificate certificate;
    };
    void remember(const Pending &pending);
    QHash<QString, Pending> m_pending; // by presented id
};

} // namespace Tincan

Q_DECLARE_METATYPE(Tincan::KeyChangeEvent)
