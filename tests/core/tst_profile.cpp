#include "profile/profile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;

class TestProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsPrivateDirectory()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("nested/profile"));
        QString error;
        const auto profile = Profile::open(dir, &error);
        QVERIFY2(profile, qPrintable(error));
        // Owner rwx, nothing for group and others (0x0077 are their bits in QFileDevice).
        QCOMPARE(QFile::permissions(dir) & 0x7077,
                 QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(!profile->displayName().isEmpty());
    }

    void displayNamePersists()
    {
        QTemporaryDir tmp;
        QString error;
        {
            auto profile = Profile::open(tmp.path(), &error);
            QVERIFY(profile);
            QVERIFY2(profile->setDisplayName(QStringLiteral("Grace Hopper"), &error),
                     qPrintable(error));
        }
        const auto reopened = Profile::open(tmp.path(), &error);
        QVERIFY(reopened);
        QCOMPARE(reopened->displayName(), QStringLiteral("Grace Hopper"));
        QCOMPARE(QFile::permissions(reopened->filePath(QStringLiteral("settings.json"))) & 0x0077,
                 QFileDevice::Permissions());
    }

    void settingsPersistAndKeepUnknownKeys()
    {
        QTemporaryDir tmp;
        QString error;
        {
            auto profile = Profile::open(tmp.path(), &error);
            QVERIFY(profile);
            QCOMPARE(profile->setting(QStringLiteral("readReceipts"), true).toBool(), true);
            QVERIFY(profile->setSetting(QStringLiteral("readReceipts"), false, &error));
            QVERIFY(profile->setSetting(QStringLiteral("fromTheFuture"), 42, &error));
            QVERIFY(profile->setDisplayName(QStringLiteral("Kay"), &error));
        }
        const auto reopened = Profile::open(tmp.path(), &error);
        QCOMPARE(reopened->setting(QStringLiteral("readReceipts"), true).toBool(), false);
        QCOMPARE(reopened->setting(QStringLiteral("fromTheFuture")).toInt(), 42);
        QCOMPARE(reopened->displayName(), QStringLiteral("Kay"));
    }

    void corruptSettingsAreRefusedNotOverwritten()
    {
        QTemporaryDir tmp;
        QFile settings(tmp.filePath(QStringLiteral("settings.json")));
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("{ not json");
        settings.close();

        QString error;
        QVERIFY(!Profile::open(tmp.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("corrupt")), qPrintable(error));
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QCOMPARE(settings.readAll(), QByteArray("{ not json"));
    }

    void unwritableLocationGivesError()
    {
        QString error;
        QVERIFY(!Profile::open(QStringLiteral("/proc/tincan-cannot-exist"), &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
