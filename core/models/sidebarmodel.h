#pragma once

#include <QAbstractListModel>
#include <QList>

namespace Tincan {

// The sidebar's lists (message requests, chats, people on the network) as one list model, so
// that one virtualised ListView with sections shows them: only the rows on screen have
// delegates, with thousands of peers and conversations. Each part is a source model, forwarded
// row by row (inserts, removals, moves, dataChanged): never a reset because a part changed.
// Rows carry their part's `section` and `kind` next to the source's roles, which are merged by
// name. A part may show one `placeholder` row while it is empty, so that its section header
// (and an empty-state line) stays.
class SidebarModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        SectionRole = Qt::UserRole + 1, // the part's section key
        KindRole,                       // the part's kind, or "placeholder"
        FirstSourceRole
    };
    Q_ENUM(Role)

    struct Part
    {
        QAbstractItemModel *model = nullptr; // outlives this model
        QString section;
        QString kind;
        bool placeholder = false;
    };

    explicit SidebarModel(QList<Part> parts, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override { return m_roleNames; }

private:
    struct State
    {
        Part part;
        int rows = 0; // source rows shown
        bool showsPlaceholder = false;
        QHash<int, int> toSource;   // proxy role -> source role
        QHash<int, int> fromSource; // source role -> proxy role
        bool moving = false;        // a move was begun (beginMoveRows may refuse a no-op)
    };
    void connectPart(int p);
    int offset(int p) const;
    int shown(int p) const;
    void fillPlaceholder(int p);
    void resetPart(int p);

    QList<State> m_parts;
    QHash<int, QByteArray> m_roleNames;
};

} // namespace Tincan
