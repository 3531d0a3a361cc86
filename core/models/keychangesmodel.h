#pragma once

#include "net/trustpolicy.h"

#include <QAbstractListModel>

namespace Tincan {

class Node;

// Key changes waiting for the user's decision (the possible man in the middle). While a row
// is here, nothing from the presented key is accepted; the answer is
// Node::resolveKeyChange; the row goes when the node announces it, whichever front end gave it.
class KeyChangesModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role
    {
        KnownIdRole = Qt::UserRole + 1,
        KnownNameRole,
        KnownFingerprintRole,
        PresentedIdRole,
        PresentedNameRole,
        PresentedFingerprintRole,
        AddressRole,
        AtRole,
    };
    Q_ENUM(Role)

    explicit KeyChangesModel(Node &node, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_rows.size()); }

    // The pending change concerning this peer (by its known id), or -1.
    Q_INVOKABLE int indexOfKnown(const QString &peerId) const;
    // accept: trust the new key (as unverified); otherwise block it.

Q_SIGNALS:
    void countChanged();

private:
    void add(const KeyChangeEvent &event);
    void remove(const QString &presentedId);

    Node &m_node;
    QList<KeyChangeEvent> m_rows;
};

} // namespace Tincan
