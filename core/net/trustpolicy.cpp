#include "trustpolicy.h"

#include "store/peerrepository.h"
#include "util/logging.h"

#include <QUrl>

#include <algorithm>

namespace Tincan {

namespace {
QString hostOf(const QString &address)
{
    return QUrl(QStringLiteral("tcp://") + address).host();
}

} // namespace

TrustPolicy::TrustPolicy(QString localId, PeerRepository &peers)
    : m_localId(std::move(localId))
    , m_peers(peers)
{}

TrustPolicy::Decision TrustPolicy::evaluate(const DeviceCredential &remote, const LinkPath &path,
                                            const QString &expectedId, bool pinned)
{
    const QString id = remote.deviceId;
    if (id == m_localId)
        return {false, QStringLiteral("connected to ourselves"), std::nullopt, {}};

    if (!expectedId.isEmpty() && expectedId != id) {
        if (!pinned)
            return {false, QStringLiteral("address now belongs to another peer"), std::nullopt, {}};
        KeyChangeEvent event{expectedId,
                             QString(),
                             id,
                             remote.hello.name,
                             reachableAddress(remote, path),
                             QDateTime::currentDateTimeUtc()};
        if (const auto known = m_peers.find(expectedId))
            event.knownName = known->name;
        remember({event, remote.certificate});
        return {false, QStringLiteral("key differs from the invite link's fingerprint"), event, {}};
    }

    const auto record = m_peers.find(id);
    if (record && record->trust == Trust::Blocked)
        return {false, QStringLiteral("peer is blocked"), std::nullopt, {}};
    QCborMap newerList;
    if (const QString refusal = judgeAccount(remote, &newerList, record); !refusal.isEmpty())
        return {false, refusal, std::nullopt, newerList};
    if (!record && !pinned) {
        if (m_pending.contains(id))
            return {
                false, QStringLiteral("key change awaits the user's decision"), std::nullopt, {}};
        if (auto event = impersonatedPeer(remote, path)) {
            remember({*event, remote.certificate});
            return {false,
                    QStringLiteral("key change for known peer %1").arg(event->knownName),
                    event,
                    {}};
        }
    }
    return {true, QString(), std::nullopt, {}};
}

// A device keeps the account it first showed, unless it was alone in it and another account's
// list now names it: a new device linked into an account (PeerRepository::movesAccount). An
// account's newer list outranks an older one, so a device it dropped cannot come back by
// showing the list from before.
QString TrustPolicy::judgeAccount(const DeviceCredential &remote, QCborMap *newerList,
                                  const std::optional<PeerRecord> &record) const
{
    const DeviceList &shown = remote.account;
    if (record && !record->accountId.isEmpty() && record->accountId != shown.accountId &&
        !m_peers.movesAccount(remote.deviceId, record->accountId, shown))
        return QStringLiteral("device belongs to account %1 but showed account %2")
            .arg(record->accountId.left(12), shown.accountId.left(12));
    const auto known = m_peers.account(shown.accountId);
    if (known && known->version > shown.version && !known->contains(remote.deviceId)) {
        *newerList = known->signedForm;
        return QStringLiteral("device was removed from account %1 (device list v%2)")
            .arg(shown.accountId.left(12))
            .arg(known->version);
    }
    return {};
}

std::optional<KeyChangeEvent> TrustPolicy::impersonatedPeer(const DeviceCredential &remote,
                                                            const LinkPath &path) const
{
    const QString name = remote.hello.name;
    const QString host = path.remoteAddress.toString();
    const QList<PeerRecord> knownPeers = m_peers.all().value_or(QList<PeerRecord>{});
    for (const PeerRecord &known : knownPeers) {
        if (known.name != name || known.id == remote.deviceId)
            continue;
        for (const QString &address : known.addresses) {
            if (hostOf(address) == host)
                return KeyChangeEvent{known.id,
                                      known.name,
                                      remote.deviceId,
                                      name,
                                      reachableAddress(remote, path),
                                      QDateTime::currentDateTimeUtc()};
        }
    }
    return std::nullopt;
}

std::optional<DeviceList> TrustPolicy::admit(const DeviceCredential &remote, const LinkPath &path,
                                             bool pinned)
{
    const QString id = remote.deviceId;
    const QString address = reachableAddress(remote, path);
    auto record = m_peers.find(id);
    if (!record) {
        PeerRecord created;
        created.id = id;
        created.name = remote.hello.name;
        created.certificate = remote.certificate.toDer();
        const bool sibling = remote.account.accountId == m_ownAccountId;
        created.trust = pinned || sibling ? Trust::Verified : Trust::Unverified;
        created.lastSeen = QDateTime::currentDateTimeUtc();
        if (!address.isEmpty())
            created.addresses = {address};
        m_peers.upsert(created);
        std::optional<DeviceList> replaced;
        m_peers.recordAccount(id, remote.account, &replaced);
        qCInfo(lcNet).noquote() << "new peer" << created.name << id.left(12)
                                << (sibling  ? "(another device of this account)"
                                    : pinned ? "(verified by invite link)"
                                             : "(unverified)");
        // Each new key is a row: a stream of them must not grow the store without end.
        m_peers.forgetStrangers(created.lastSeen.addDays(-PeerRepository::ForgetStrangersAfterDays),
                                PeerRepository::MaxStrangers);
        return replaced;
    }
    if ((pinned || remote.account.accountId == m_ownAccountId) &&
        record->trust == Trust::Unverified)
        m_peers.setTrust(id, Trust::Verified);
    m_peers.recordSeen(id, remote.hello.name, address, QDateTime::currentDateTimeUtc());
    std::optional<DeviceList> replaced;
    m_peers.recordAccount(id, remote.account, &replaced);
    return replaced;
}

bool TrustPolicy::resolveKeyChange(const QString &presentedId, bool accept)
{
    const auto it = m_pending.find(presentedId);
    if (it == m_pending.end())
        return false;
    PeerRecord record;
    record.id = presentedId;
    record.name = it->event.presentedName;
    record.certificate = it->certificate.toDer();
    record.trust = accept ? Trust::Unverified : Trust::Blocked;
    record.lastSeen = QDateTime::currentDateTimeUtc();
    if (!it->event.address.isEmpty())
        record.addresses = {it->event.address};
    m_pending.erase(it);
    return m_peers.upsert(record);
}

void TrustPolicy::remember(const Pending &pending)
{
    // Every new key can raise one: a stranger making keys must not grow this without end.
    if (!m_pending.contains(pending.event.presentedId) &&
        m_pending.size() >= MaxPendingKeyChanges) {
        const auto oldest =
            std::min_element(m_pending.begin(), m_pending.end(),
                             [](const auto &a, const auto &b) { return a.event.at < b.event.at; });
        m_pending.erase(oldest);
    }
    m_pending.insert(pending.event.presentedId, pending);
}

QList<KeyChangeEvent> TrustPolicy::pendingKeyChanges() const
{
    QList<KeyChangeEvent> events;
    for (const Pending &pending : m_pending)
        events.append(pending.event);
    return events;
}

} // namespace Tincan
