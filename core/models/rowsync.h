#pragma once

#include <QAbstractListModel>
#include <QList>

namespace Tincan {

// A list model whose rows can be brought in line with a freshly read list by the smallest
// set of inserts, moves, removals and dataChanged: views keep their selection, scroll position
// and delegates, which a model reset would throw away. Row needs `key` and operator==.
template<typename Row>
class SyncedListModel : public QAbstractListModel
{
public:
    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }

protected:
    int rowOfKey(const QString &key, int from = 0) const
    {
        for (int i = from; i < m_rows.size(); ++i) {
            if (m_rows.at(i).key == key)
                return i;
        }
        return -1;
    }

    // Returns true when the number of rows changed.
    bool syncRows(const QList<Row> &fresh)
    {
        const int before = int(m_rows.size());
        for (int i = 0; i < fresh.size(); ++i) {
            const Row &wanted = fresh.at(i);
            const int at = rowOfKey(wanted.key, i);
            if (at < 0) {
                beginInsertRows({}, i, i);
                m_rows.insert(i, wanted);
                endInsertRows();
                continue;
            }
            if (at != i) {
                beginMoveRows({}, at, at, {}, i); // i < at: moving up needs no +1
                m_rows.move(at, i);
                endMoveRows();
            }
            if (!(m_rows.at(i) == wanted)) {
                m_rows[i] = wanted;
                Q_EMIT dataChanged(index(i), index(i));
            }
        }
        if (m_rows.size() > fresh.size()) {
            beginRemoveRows({}, int(fresh.size()), int(m_rows.size()) - 1);
            m_rows.resize(fresh.size());
            endRemoveRows();
        }
        return before != m_rows.size();
    }

    // Moves row `from` to where `lessThan` says it belongs among the others; returns its row.
    template<typename Less>
    int reposition(int from, Less lessThan)
    {
        const Row row = m_rows.at(from);
        int to = 0;
        for (int i = 0; i < m_rows.size(); ++i) {
            if (i != from && lessThan(m_rows.at(i), row))
                ++to;
        }
        if (to == from)
            return from;
        beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
        m_rows.move(from, to);
        endMoveRows();
        return to;
    }

    template<typename Less>
    int insertSorted(const Row &row, Less lessThan)
    {
        int at = 0;
        while (at < m_rows.size() && lessThan(m_rows.at(at), row))
            ++at;
        beginInsertRows({}, at, at);
        m_rows.insert(at, row);
        endInsertRows();
        return at;
    }

    QList<Row> m_rows;
};

} // namespace Tincan
