// The one settings schema: what Node::setSetting takes and refuses, what a hand-edited file
// reads as, and that every change is announced once.
#include "node/node.h"
#include "node/settings.h"
#include "testnode.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Tincan;

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theSchemaChecksEveryType()
    {
        QString error;
        const SettingSpec *flag = Settings::find(QStringLiteral("readReceipts"));
        QVERIFY(flag && flag->type == SettingType::Bool);
        QVERIFY(Settings::check(*flag, false, &error));
        QVERIFY(!Settings::check(*flag, 0, &error));
        QCOMPARE(error, QStringLiteral("'readReceipts' must be true or false"));

        const SettingSpec *port = Settings::find(QStringLiteral("bridgePort"));
        QVERIFY(Settings::check(*port, 65535, &error));
        QVERIFY(!Settings::check(*port, 65536, &error));
        QVERIFY(!Settings::check(*port, 80.5, &error));
        QCOMPARE(error, QStringLiteral("'bridgePort' must be a whole number from 0 to 65535"));

        const SettingSpec *theme = Settings::find(QStringLiteral("theme"));
        QVERIFY(Settings::check(*theme, QStringLiteral("dark"), &error));
        QVERIFY(!Settings::check(*theme, QStringLiteral("pink"), &error));
        QCOMPARE(error, QStringLiteral("'theme' must be one of: system, light, dark"));

        const SettingSpec *dir = Settings::find(QStringLiteral("downloadDir"));
        QVERIFY(Settings::check(*dir, QString(), &error));
        QVERIFY(Settings::check(*dir, QStringLiteral("/srv/in"), &error));
        QVERIFY(!Settings::check(*dir, QStringLiteral("relative/dir"), &error));

        const SettingSpec *turn = Settings::find(QStringLiteral("turnServers"));
        QVERIFY(turn && turn->type == SettingType::List);
        QVERIFY(Settings::check(*turn, QJsonArray{QStringLiteral("turn://u:p@192.0.2.1:3478")},
                                &error));
        QVERIFY(!Settings::check(*turn, QJsonArray{QStringLiteral("turn://u@192.0.2.1")}, &error));
        QVERIFY2(error.startsWith(QStringLiteral("'turnServers': ")), qPrintable(error));
        QVERIFY(!Settings::check(*turn, QJsonArray{1}, &error));
        QVERIFY(!Settings::check(*turn, QStringLiteral("turn://u:p@192.0.2.1"), &error));
        QJsonArray nine;
        for (int i = 0; i < 9; ++i)
            nine.append(QStringLiteral("turn://u:p@192.0.2.1:3478"));
        QVERIFY(!Settings::check(*turn, nine, &error));

        QVERIFY(!Settings::find(QStringLiteral("noSuchSetting")));
        // Every default fits its own spec.
        for (const SettingSpec &spec : Settings::all())
            QVERIFY2(Settings::check(spec, spec.fallback, &error), qPrintable(spec.key));
    }

    void theNodeRefusesWhatDoesNotFitAndAnnouncesWhatChanged()
    {
        TestNode alice(QStringLiteral("Alice"));
        QSignalSpy changes(&alice.node(), &Node::changed);
        QString error;
        QVERIFY(!alice->setSetting(QStringLiteral("noSuchSetting"), true, &error));
        QCOMPARE(error, QStringLiteral("no such setting: noSuchSetting"));
        QVERIFY(!alice->setSetting(QStringLiteral("retentionDays"), -3, &error));
        QVERIFY(
            !alice->setSetting(QStringLiteral("acceptEveryone"), QStringLiteral("yes"), &error));
        QCOMPARE(changes.size(), 0);
        QCOMPARE(alice->setting(QStringLiteral("retentionDays")).toInt(), 0); // the default

        QVERIFY2(alice->setSetting(QStringLiteral("retentionDays"), 30, &error), qPrintable(error));
        QVERIFY2(alice->setSetting(QStringLiteral("retentionDays"), 30, &error), qPrintable(error));
        QCOMPARE(changes.size(), 1); // the same value again changes nothing
        const auto change = changes.first().first().value<NodeChange>();
        QCOMPARE(change.kind, ChangeKind::Setting);
        QCOMPARE(change.id, QStringLiteral("retentionDays"));
        QCOMPARE(alice->setting(QStringLiteral("retentionDays")).toInt(), 30);
    }

    void aHandEditedValueThatDoesNotFitReadsAsTheDefault()
    {
        QTemporaryDir dir;
        QString error;
        {
            auto profile = Profile::open(dir.path(), &error);
            QVERIFY(profile);
            QVERIFY(profile->setSetting(QStringLiteral("theme"), QStringLiteral("pink"), &error));
            QVERIFY(
                profile->setSetting(QStringLiteral("bridgePort"), QStringLiteral("80"), &error));
            QVERIFY(profile->setSetting(QStringLiteral("readReceipts"), false, &error));
        }
        TestNode alice(QStringLiteral("Alice"), dir.path());
        QVERIFY(alice->isRunning());
        QCOMPARE(alice->setting(QStringLiteral("theme")).toString(), QStringLiteral("system"));
        QCOMPARE(alice->setting(QStringLiteral("bridgePort")).toInt(), 0);
        QCOMPARE(alice->setting(QStringLiteral("readReceipts")).toBool(), false); // it fits
        QCOMPARE(alice->setting(QStringLiteral("windows")).toArray(), QJsonArray());
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
