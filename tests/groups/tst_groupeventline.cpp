// Group event lines as the history keeps them: structured, put into words only when shown, so
// that a rename shows at once and a translation applies; the English lines of 0.1 still show.
#include "groups/groupeventline.h"

#include <QTest>
#include <QTranslator>

using namespace Tincan;

namespace {
const QString self = QString(64, u'a');
const QString ben = QString(64, u'b');
const QString cy = QString(64, u'c');

QString nameOf(const QString &id)
{
    return id == ben ? QStringLiteral("Ben") : id == cy ? QStringLiteral("Cy") : id.left(8);
}

QString words(const GroupEventLine &line)
{
    return describeGroupEventLine(line.encode(), self, nameOf);
}

// A translator that answers every GroupEventLine string with a marked copy, as a real
// translation file would with its own words.
class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *source, const char *, int) const override
    {
        return qstrcmp(context, "GroupEventLine") == 0
                   ? QStringLiteral("<%1>").arg(QString::fromUtf8(source))
                   : QString();
    }
    bool isEmpty() const override { return false; }
};
} // namespace

class TestGroupEventLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storesIdsNotWords()
    {
        const GroupEventLine line{GroupOp::Add, ben, {cy, self}, {}};
        const QString body = line.encode();
        QVERIFY2(!body.contains(QStringLiteral("added")) && body.contains(cy), qPrintable(body));
        const auto back = GroupEventLine::decode(body);
        QVERIFY(back);
        QCOMPARE(back->op, GroupOp::Add);
        QCOMPARE(back->actor, ben);
        QCOMPARE(back->targets, (QStringList{cy, self}));
    }

    void putsEachOperationIntoWords()
    {
        QCOMPARE(words({GroupOp::Create, self, {ben, cy}, QStringLiteral("Lunch")}),
                 QStringLiteral("You created the group \u201cLunch\u201d with Ben, Cy"));
        QCOMPARE(words({GroupOp::Create, ben, {}, QStringLiteral("Lunch")}),
                 QStringLiteral("Ben created the group \u201cLunch\u201d"));
        QCOMPARE(words({GroupOp::Add, ben, {self}, {}}), QStringLiteral("Ben added you"));
        QCOMPARE(words({GroupOp::Remove, self, {cy}, {}}), QStringLiteral("You removed Cy"));
        QCOMPARE(words({GroupOp::Leave, cy, {}, {}}), QStringLiteral("Cy left"));
        QCOMPARE(words({GroupOp::Rename, ben, {}, QStringLiteral("Dinner")}),
                 QStringLiteral("Ben renamed the group to \u201cDinner\u201d"));
        QCOMPARE(words({GroupOp::Promote, ben, {cy}, {}}), QStringLiteral("Ben made Cy an admin"));
    }

    void namesAreTodays()
    {
        const QString body = GroupEventLine{GroupOp::Add, ben, {cy}, {}}.encode();
        QCOMPARE(describeGroupEventLine(body, self, nameOf), QStringLiteral("Ben added Cy"));
        const auto renamed = [](const QString &id) {
            return id == cy ? QStringLiteral("Cyrus") : nameOf(id);
        };
        QCOMPARE(describeGroupEventLine(body, self, renamed), QStringLiteral("Ben added Cyrus"));
    }

    void followsTheTranslation()
    {
        MarkingTranslator translator;
        QVERIFY(QCoreApplication::installTranslator(&translator));
        const QString text = words({GroupOp::Add, ben, {self}, {}});
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(
            text,
            QStringLiteral("<%1 added %2>").arg(QStringLiteral("Ben"), QStringLiteral("<you>")));
    }

    void oldEnglishLinesAndJunkShowAsStored()
    {
        for (const QString &body :
             {QStringLiteral("Alice created the group \u201cOld friends\u201d with Bob"),
              QStringLiteral("{\"op\":\"explode\",\"actor\":\"x\",\"targets\":[]}"),
              QStringLiteral("{\"op\":\"add\"}"), QStringLiteral("{not json"), QString()}) {
            QVERIFY(!GroupEventLine::decode(body));
            QCOMPARE(describeGroupEventLine(body, self, nameOf), body);
        }
    }
};

QTEST_GUILESS_MAIN(TestGroupEventLine)
#include "tst_groupeventline.moc"
