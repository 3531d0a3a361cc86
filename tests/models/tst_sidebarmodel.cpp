// SidebarModel: source models concatenated row by row, with sections, kinds, roles merged by
// name and a placeholder row for an empty part. QAbstractItemModelTester checks every signal
// it forwards against what the model then reports.
#include "models/sidebarmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStringListModel>
#include <QTest>

using namespace Tincan;

namespace {
// A list whose role names differ from QStringListModel's, as PeersModel's do from
// ConversationsModel's, with one name ("display") in common.
class NamedList : public QStringListModel
{
public:
    using QStringListModel::QStringListModel;
    QHash<int, QByteArray> roleNames() const override
    {
        return {{Qt::DisplayRole, "display"}, {Qt::UserRole + 7, "extra"}};
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        return role == Qt::UserRole + 7 ? QVariant(QStringLiteral("x%1").arg(index.row()))
                                        : QStringListModel::data(index, role);
    }
};

QStringList strings(std::initializer_list<const char *> values)
{
    QStringList list;
    for (const char *value : values)
        list << QString::fromUtf8(value);
    return list;
}

QStringList column(const SidebarModel &model, const QByteArray &name)
{
    const int role = model.roleNames().key(name, -1);
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row).data(role).toString();
    return values;
}
} // namespace

class TestSidebarModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void concatenatesWithSectionsAndPlaceholders()
    {
        QStringListModel requests, chats;
        NamedList people({QStringLiteral("Ada"), QStringLiteral("Ben")});
        SidebarModel model({{&requests, QStringLiteral("requests"), QStringLiteral("conv"), false},
                            {&chats, QStringLiteral("chats"), QStringLiteral("conv"), true},
                            {&people, QStringLiteral("people"), QStringLiteral("peer"), true}});
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(column(model, "section"), strings({"chats", "people", "people"}));
        QCOMPARE(column(model, "kind"), strings({"placeholder", "peer", "peer"}));
        QCOMPARE(column(model, "display"), strings({"", "Ada", "Ben"}));
        QCOMPARE(column(model, "extra"), strings({"", "x0", "x1"}));
        QCOMPARE(model.roleNames().keys(QByteArrayLiteral("display")).size(), 1);

        // The first chat takes the placeholder's place; a request adds a section above.
        chats.insertRows(0, 1);
        chats.setData(chats.index(0), QStringLiteral("Lunch"));
        QCOMPARE(column(model, "kind"), strings({"conv", "peer", "peer"}));
        QCOMPARE(column(model, "display"), strings({"Lunch", "Ada", "Ben"}));
        requests.insertRows(0, 1);
        requests.setData(requests.index(0), QStringLiteral("Mallory"));
        QCOMPARE(column(model, "section"), strings({"requests", "chats", "people", "people"}));

        // Moves and changes are forwarded to the right rows.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(people.moveRows({}, 1, 1, {}, 0));
        QCOMPARE(column(model, "display"), strings({"Mallory", "Lunch", "Ben", "Ada"}));
        people.setData(people.index(0), QStringLiteral("Benedict"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 2);

        // The last chat gone, its placeholder is back; an empty part without one shows nothing.
        chats.removeRows(0, 1);
        requests.removeRows(0, 1);
        QCOMPARE(column(model, "kind"), strings({"placeholder", "peer", "peer"}));
        people.setStringList({});
        QCOMPARE(column(model, "kind"), strings({"placeholder", "placeholder"}));
    }
};

QTEST_GUILESS_MAIN(TestSidebarModel)
#include "tst_sidebarmodel.moc"
