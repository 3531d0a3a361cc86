// AppController: creating and managing groups. The core (GroupManager) decides what is allowed;
// a refusal becomes lastError, which the dialogs show.
#include "appcontroller.h"

#include "groups/groupmanager.h"
#include "models/conversationsmodel.h"
#include "node/node.h"

QString AppController::createGroup(const QString &name, const QStringList &peerIds)
{
    if (name.trimmed().isEmpty()) {
        setLastError(tr("A group needs a name."));
        return {};
    }
    QString error;
    const auto id = m_node->groups().createGroup(name, peerIds, &error);
    if (!id) {
        setLastError(error);
        return {};
    }
    return *id;
}

bool AppController::inviteToGroup(const QString &groupId, const QStringList &peerIds)
{
    QString error;
    if (peerIds.isEmpty() || !m_node->groups().invite(groupId, peerIds, &error)) {
        setLastError(peerIds.isEmpty() ? tr("Pick someone to add.") : error);
        return false;
    }
    return true;
}

bool AppController::removeFromGroup(const QString &groupId, const QString &peerId)
{
    QString error;
    if (!m_node->groups().remove(groupId, peerId, &error)) {
        setLastError(error);
        return false;
    }
    return true;
}

bool AppController::promoteInGroup(const QString &groupId, const QString &peerId)
{
    QString error;
    if (!m_node->groups().promote(groupId, peerId, &error)) {
        setLastError(error);
        return false;
    }
    return true;
}

bool AppController::renameGroup(const QString &groupId, const QString &name)
{
    QString error;
    if (name.trimmed().isEmpty() || !m_node->groups().rename(groupId, name, &error)) {
        setLastError(name.trimmed().isEmpty() ? tr("A group needs a name.") : error);
        return false;
    }
    return true;
}

bool AppController::leaveGroup(const QString &groupId)
{
    QString error;
    if (!m_node->groups().leave(groupId, &error)) {
        setLastError(error);
        return false;
    }
    return true;
}
