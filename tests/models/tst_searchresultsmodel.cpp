#include "models/searchresultsmodel.h"
#include "modeltestutil.h"

#include <QAbstractItemModelTester>

using namespace Tincan;
using namespace ModelTest;

class TestSearchResultsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsChatsPeopleAndMessages()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob")),
            carol(QStringLiteral("Carol"));
        QVERIFY(link(alice, bob));
        QVERIFY(link(alice, carol));
        const QString uuid = send(alice, bob, QStringLiteral("the quarterly report is ready"));
        QVERIFY(!uuid.isEmpty());
        QVERIFY(!send(alice, bob, QStringLiteral("lunch?")).isEmpty());

        SearchResultsModel model(alice.node());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setQuery(QStringLiteral("bo"));
        QCOMPARE(model.rowCount(), 1); // the chat with Bob
        QCOMPARE(model.get(0).value(QStringLiteral("kind")).toString(),
                 QStringLiteral("conversation"));

        model.setQuery(QStringLiteral("car"));
        QCOMPARE(model.rowCount(), 1); // Carol: no chat yet, a person to start one with
        QCOMPARE(model.get(0).value(QStringLiteral("kind")).toString(), QStringLiteral("peer"));
        QCOMPARE(model.get(0).value(QStringLiteral("peerId")).toString(), carol.id());

        model.setQuery(QStringLiteral("quarter"));
        QCOMPARE(model.rowCount(), 1);
        const QVariantMap hit = model.get(0);
        QCOMPARE(hit.value(QStringLiteral("kind")).toString(), QStringLiteral("message"));
        QCOMPARE(hit.value(QStringLiteral("uuid")).toString(), uuid);
        QCOMPARE(hit.value(QStringLiteral("conversationId")).toString(), bob.id());
        QCOMPARE(hit.value(QStringLiteral("title")).toString(), QStringLiteral("Bob"));
        QVERIFY(hit.value(QStringLiteral("snippet")).toString().contains(QStringLiteral("<b>")));

        // Within one conversation only messages match, not names.
        model.setConversationId(bob.id());
        model.setQuery(QStringLiteral("bob"));
        QCOMPARE(model.rowCount(), 0);
        model.setQuery(QStringLiteral("lunch"));
        QCOMPARE(model.rowCount(), 1);
        model.setQuery({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestSearchResultsModel)
#include "tst_searchresultsmodel.moc"
