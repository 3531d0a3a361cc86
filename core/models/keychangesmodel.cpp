#include "keychangesmodel.h"

#include "crypto/fingerprint.h"
#include "net/sessionmanager.h"
#include "node/node.h"

namespace Tincan {

KeyChangesModel::KeyChangesModel(Node &node, QObject *parent)
    : QAbstractListModel(parent)
    , m_node(node)
{
    m_rows = node.sessions().trust().pendingKeyChanges();
    connect(&node.sessions(), &SessionManager::keyChangeDetected, this, &KeyChangesModel::add);
    // Answered here or in another front end: the card goes either way.
    connect(&node, &Node::changed, this, [this](const NodeChange &change) {
        if (change.kind == ChangeKind::KeyChanges)
            remove(change.id);
    });
}

int KeyChangesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

void KeyChangesModel::add(const KeyChangeEvent &event)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).presentedId == event.presentedId) {
            m_rows[i] = event; // the same key tried again: keep one row, with the latest details
            Q_EMIT dataChanged(index(i), index(i));
            return;
        }
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows.append(event);
    endInsertRows();
    Q_EMIT countChanged();
}

int KeyChangesModel::indexOfKnown(const QString &peerId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).knownId == peerId)
            return i;
    }
    return -1;
}

void KeyChangesModel::remove(const QString &presentedId)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).presentedId == presentedId) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
            Q_EMIT countChanged();
            break;
        }
    }
}

QVariant KeyChangesModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid));
    const KeyChangeEvent &event = m_rows.at(index.row());
    switch (role) {
    case KnownIdRole:
        return event.knownId;
    case Qt::DisplayRole:
    case KnownNameRole:
        return event.knownName;
    case KnownFingerprintRole:
        return groupedFingerprint(event.knownId);
    case PresentedIdRole:
        return event.presentedId;
    case PresentedNameRole:
        return event.presentedName;
    case PresentedFingerprintRole:
        return groupedFingerprint(event.presentedId);
    case AddressRole:
        return event.address;
    case AtRole:
        return event.at;
    default:
        return {};
    }
}

QHash<int, QByteArray> KeyChangesModel::roleNames() const
{
    return {
        {KnownIdRole, "knownId"},
        {KnownNameRole, "knownName"},
        {KnownFingerprintRole, "knownFingerprint"},
        {PresentedIdRole, "presentedId"},
        {PresentedNameRole, "presentedName"},
        {PresentedFingerprintRole, "presentedFingerprint"},
        {AddressRole, "address"},
        {AtRole, "at"},
    };
}

} // namespace Tincan
