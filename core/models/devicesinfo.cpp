#include "devicesinfo.h"

#include "devices/devicelinker.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/historytransfer.h"

namespace Tincan {

DevicesInfo::DevicesInfo(Node &node, QObject *parent)
    : DevicesInfo(parent)
{
    attach(node);
}

DevicesInfo::DevicesInfo(QObject *parent)
    : QObject(parent)
{}

void DevicesInfo::attach(Node &node)
{
    Q_ASSERT(!m_node);
    m_node = &node;
    connect(&node, &Node::changed, this, [this](const NodeChange &change) {
        // A first conversation ends "may join": looked at only while it may.
        if (change.kind == ChangeKind::Devices || change.kind == ChangeKind::Peer ||
            change.kind == ChangeKind::Profile ||
            (change.kind == ChangeKind::Conversations && canJoin()))
            reread();
    });
    connect(&node.sessions(), &SessionManager::peerConnected, this, &DevicesInfo::reread);
    connect(&node.sessions(), &SessionManager::peerDisconnected, this, &DevicesInfo::reread);
    reread();
}

// Only a difference notifies.
void DevicesInfo::reread()
{
    QVariantList devices;
    for (const Node::OwnDevice &device : m_node->ownDevices())
        devices.append(QVariantMap{{QStringLiteral("id"), device.id},
                                   {QStringLiteral("name"), device.name},
                                   {QStringLiteral("thisDevice"), device.thisDevice},
                                   {QStringLiteral("online"), device.online}});
    QVariantMap fresh{{QStringLiteral("accountId"), m_node->accountId()},
                      {QStringLiteral("devices"), devices},
                      {QStringLiteral("revoked"), m_node->isRevoked()},
                      {QStringLiteral("canJoin"), m_node->canJoinAccount()}};
    if (const auto linking = m_node->deviceLinking()) {
        fresh.insert(QStringLiteral("role"), DeviceLinking::roleName(linking->role));
        fresh.insert(QStringLiteral("stage"), DeviceLinking::stageName(linking->stage));
        fresh.insert(QStringLiteral("code"), linking->code);
        fresh.insert(QStringLiteral("confirmation"), linking->confirmation);
        fresh.insert(QStringLiteral("otherName"), linking->deviceName);
        fresh.insert(QStringLiteral("confirmedHere"), linking->confirmedHere);
        fresh.insert(QStringLiteral("error"), linking->error);
    }
    if (const auto history = m_node->historyProgress()) {
        fresh.insert(QStringLiteral("historyReceived"), history->received);
        fresh.insert(QStringLiteral("historyTotal"), history->total);
        fresh.insert(QStringLiteral("historyDone"), history->done);
    }
    if (fresh == m_data)
        return;
    m_data = std::move(fresh);
    Q_EMIT changed();
}

bool DevicesInfo::linkNewDevice()
{
    m_error.clear();
    return m_node->linkNewDevice(&m_error).has_value();
}

bool DevicesInfo::join(const QString &code)
{
    m_error.clear();
    return m_node->joinAccount(code, &m_error);
}

bool DevicesInfo::confirm(bool accept)
{
    m_error.clear();
    return m_node->confirmDeviceLink(accept, &m_error);
}

void DevicesInfo::cancel()
{
    m_node->cancelDeviceLink();
}

bool DevicesInfo::revoke(const QString &deviceId)
{
    m_error.clear();
    return m_node->revokeDevice(deviceId, &m_error);
}

} // namespace Tincan
