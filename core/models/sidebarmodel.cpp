#include "sidebarmodel.h"

namespace Tincan {

SidebarModel::SidebarModel(QList<Part> parts, QObject *parent)
    : QAbstractListModel(parent)
{
    m_roleNames = {{SectionRole, "section"}, {KindRole, "kind"}};
    QHash<QByteArray, int> byName;
    int next = FirstSourceRole;
    for (const Part &part : parts) {
        State state;
        state.part = part;
        const QHash<int, QByteArray> names = part.model->roleNames();
        for (auto it = names.cbegin(); it != names.cend(); ++it) {
            if (it.value() == "section" || it.value() == "kind")
                continue; // ours
            auto known = byName.constFind(it.value());
            if (known == byName.constEnd()) {
                known = byName.insert(it.value(), next);
                m_roleNames.insert(next++, it.value());
            }
            state.toSource.insert(*known, it.key());
            state.fromSource.insert(it.key(), *known);
        }
        state.rows = part.model->rowCount();
        state.showsPlaceholder = part.placeholder && state.rows == 0;
        m_parts.append(state);
    }
    for (int p = 0; p < m_parts.size(); ++p)
        connectPart(p);
}

int SidebarModel::shown(int p) const
{
    const State &state = m_parts.at(p);
    return state.rows + (state.showsPlaceholder ? 1 : 0);
}

int SidebarModel::offset(int p) const
{
    int rows = 0;
    for (int i = 0; i < p; ++i)
        rows += shown(i);
    return rows;
}

int SidebarModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : offset(int(m_parts.size()));
}

QVariant SidebarModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    int row = index.row();
    for (const State &state : m_parts) {
        const int rows = state.rows + (state.showsPlaceholder ? 1 : 0);
        if (row >= rows) {
            row -= rows;
            continue;
        }
        if (role == SectionRole)
            return state.part.section;
        if (role == KindRole)
            return state.showsPlaceholder ? QStringLiteral("placeholder") : state.part.kind;
        const auto source = state.toSource.constFind(role);
        if (state.showsPlaceholder || source == state.toSource.constEnd())
            return {};
        return state.part.model->index(row, 0).data(*source);
    }
    return {};
}

// Before the first row of a part arrives, its placeholder goes; after its last row left, it
// comes back.
void SidebarModel::fillPlaceholder(int p)
{
    State &state = m_parts[p];
    const bool wanted = state.part.placeholder && state.rows == 0;
    if (wanted == state.showsPlaceholder)
        return;
    const int at = offset(p);
    if (wanted) {
        beginInsertRows({}, at, at);
        state.showsPlaceholder = true;
        endInsertRows();
    } else {
        beginRemoveRows({}, at, at);
        state.showsPlaceholder = false;
        endRemoveRows();
    }
}

void SidebarModel::resetPart(int p)
{
    beginResetModel();
    m_parts[p].rows = m_parts[p].part.model->rowCount();
    m_parts[p].showsPlaceholder = m_parts[p].part.placeholder && m_parts[p].rows == 0;
    endResetModel();
}

void SidebarModel::connectPart(int p)
{
    QAbstractItemModel *model = m_parts.at(p).part.model;
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this, p](const QModelIndex &, int first, int last) {
                if (m_parts[p].showsPlaceholder) {
                    const int at = offset(p);
                    beginRemoveRows({}, at, at);
                    m_parts[p].showsPlaceholder = false;
                    endRemoveRows();
                }
                beginInsertRows({}, offset(p) + first, offset(p) + last);
            });
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this, p](const QModelIndex &, int first, int last) {
                m_parts[p].rows += last - first + 1;
                endInsertRows();
            });
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this, p](const QModelIndex &, int first, int last) {
                beginRemoveRows({}, offset(p) + first, offset(p) + last);
            });
    connect(model, &QAbstractItemModel::rowsRemoved, this,
            [this, p](const QModelIndex &, int first, int last) {
                m_parts[p].rows -= last - first + 1;
                endRemoveRows();
                fillPlaceholder(p);
            });
    connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this,
            [this, p](const QModelIndex &, int first, int last, const QModelIndex &, int to) {
                const int at = offset(p);
                m_parts[p].moving = beginMoveRows({}, at + first, at + last, {}, at + to);
            });
    connect(model, &QAbstractItemModel::rowsMoved, this, [this, p] {
        if (std::exchange(m_parts[p].moving, false))
            endMoveRows();
    });
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this, p](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                      const QList<int> &roles) {
                const State &state = m_parts.at(p);
                QList<int> mapped;
                for (int role : roles) {
                    if (const auto it = state.fromSource.constFind(role);
                        it != state.fromSource.constEnd())
                        mapped << *it;
                }
                if (!roles.isEmpty() && mapped.isEmpty())
                    return; // only roles the sidebar does not show
                const int at = offset(p);
                Q_EMIT dataChanged(index(at + topLeft.row()), index(at + bottomRight.row()),
                                   mapped);
            });
    // Whole-list changes of a part are rare (none of the sidebar's models makes them): reset.
    connect(model, &QAbstractItemModel::modelReset, this, [this, p] { resetPart(p); });
    connect(model, &QAbstractItemModel::layoutChanged, this, [this, p] { resetPart(p); });
}

} // namespace Tincan
