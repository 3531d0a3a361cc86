// Hostile offered names, numbered names and placing a file without overwriting anything.
#include "files/filenames.h"
#include "files/fileprotocol.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;

class TestFileNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sanitize_data()
    {
        QTest::addColumn<QString>("offered");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("photo.jpg") << QStringLiteral("photo.jpg");
        QTest::newRow("traversal")
            << QStringLiteral("../../etc/passwd") << QStringLiteral("passwd");
        QTest::newRow("absolute") << QStringLiteral("/etc/shadow") << QStringLiteral("shadow");
        QTest::newRow("windows path")
            << QStringLiteral("C:\\Windows\\system.ini") << QStringLiteral("system.ini");
        QTest::newRow("dotdot") << QStringLiteral("..") << QStringLiteral("file");
        QTest::newRow("trailing slash") << QStringLiteral("dir/") << QStringLiteral("file");
        QTest::newRow("hidden") << QStringLiteral(".bashrc") << QStringLiteral("bashrc");
        QTest::newRow("nul") << QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b.txt"))
                             << QStringLiteral("ab.txt");
        QTest::newRow("controls") << QStringLiteral("a\nb\tc\x7f.txt") << QStringLiteral("abc.txt");
        QTest::newRow("bidi override")
            << QString(QStringLiteral("x") + QChar(0x202e) + QStringLiteral("gpj.exe"))
            << QStringLiteral("xgpj.exe");
        QTest::newRow("windows chars")
            << QStringLiteral("a<b>:c|d?*.txt") << QStringLiteral("abcd.txt");
        QTest::newRow("reserved") << QStringLiteral("CON.txt") << QStringLiteral("_CON.txt");
        QTest::newRow("reserved lower") << QStringLiteral("nul") << QStringLiteral("_nul");
        QTest::newRow("trailing dots") << QStringLiteral("name. . .") << QStringLiteral("name");
        QTest::newRow("empty") << QString() << QStringLiteral("file");
        QTest::newRow("spaces") << QStringLiteral("   ") << QStringLiteral("file");
    }
    void sanitize()
    {
        QFETCH(QString, offered);
        QFETCH(QString, expected);
        QCOMPARE(FileNames::sanitize(offered), expected);
    }

    void longNamesAreCutByBytesKeepingTheExtension()
    {
        const QString longAscii = QString(5000, u'a') + QStringLiteral(".tar.gz");
        const QString cut = FileNames::sanitize(longAscii);
        QVERIFY(cut.toUtf8().size() <= FileNames::MaxNameBytes);
        QVERIFY(cut.endsWith(QStringLiteral(".gz")));
        // Three bytes per character: the cut never splits one.
        const QString wide = QString(300, QChar(0x4e2d)) + QStringLiteral(".txt");
        const QString cutWide = FileNames::sanitize(wide);
        QVERIFY(cutWide.toUtf8().size() <= FileNames::MaxNameBytes);
        QVERIFY(cutWide.endsWith(QStringLiteral(".txt")));
        QCOMPARE(QString::fromUtf8(cutWide.toUtf8()), cutWide);
        // The part file name of the longest name still fits NAME_MAX (255 bytes).
        QVERIFY(FileNames::partName(cut, QStringLiteral("0123456789abcdef")).toUtf8().size() <=
                255);
        QVERIFY(FileNames::numbered(cut, 9999).toUtf8().size() <= 255);
        // Two receivers of one transfer, or two transfers of one name within a minute, in one
        // folder: never the same part file.
        const QString id = QStringLiteral("019aa5b2-0000-7000-8000-000000000001");
        QVERIFY(FileNames::partName(QStringLiteral("a.png"), id) !=
                FileNames::partName(QStringLiteral("a.png"), id));
    }

    void numbered()
    {
        QCOMPARE(FileNames::numbered(QStringLiteral("a.txt"), 0), QStringLiteral("a.txt"));
        QCOMPARE(FileNames::numbered(QStringLiteral("a.txt"), 2), QStringLiteral("a (2).txt"));
        QCOMPARE(FileNames::numbered(QStringLiteral("README"), 1), QStringLiteral("README (1)"));
    }

    void placingNeverOverwrites()
    {
        QTemporaryDir dir;
        auto write = [&](const QString &name, const QByteArray &data) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(data);
        };
        write(QStringLiteral("a.txt"), "old");
        write(QStringLiteral(".part1"), "new1");
        write(QStringLiteral(".part2"), "new2");
        QString error;
        const QString first = FileNames::placeWithoutOverwrite(
            dir.filePath(QStringLiteral(".part1")), dir.path(), QStringLiteral("a.txt"), &error);
        QCOMPARE(first, dir.filePath(QStringLiteral("a (1).txt")));
        const QString second = FileNames::placeWithoutOverwrite(
            dir.filePath(QStringLiteral(".part2")), dir.path(), QStringLiteral("a.txt"), &error);
        QCOMPARE(second, dir.filePath(QStringLiteral("a (2).txt")));
        QFile old(dir.filePath(QStringLiteral("a.txt")));
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("old"));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral(".part1"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral(".part2"))));
    }

    void offersAreValidated()
    {
        FileProtocol::Offer offer;
        offer.id = QStringLiteral("0190c8a4-3b5e-7c3d-8a2b-1234567890ab");
        offer.name = QStringLiteral("x");
        offer.size = 1;
        offer.sha256 = QByteArray(32, 'h');
        offer.sentAt = QDateTime::currentDateTimeUtc();
        QVERIFY(FileProtocol::decodeOffer(FileProtocol::encodeOffer(offer)));
        auto broken = FileProtocol::encodeOffer(offer);
        broken.insert(QStringLiteral("sha256"), QByteArray(31, 'h'));
        QVERIFY(!FileProtocol::decodeOffer(broken));
        broken = FileProtocol::encodeOffer(offer);
        broken.insert(QStringLiteral("size"), -1);
        QVERIFY(!FileProtocol::decodeOffer(broken));
        broken = FileProtocol::encodeOffer(offer);
        broken.insert(QStringLiteral("id"), QStringLiteral("../x"));
        QVERIFY(!FileProtocol::decodeOffer(broken));
        broken = FileProtocol::encodeOffer(offer);
        broken.insert(QStringLiteral("name"), QString(5000, u'n'));
        QVERIFY(!FileProtocol::decodeOffer(broken));
        QVERIFY(!FileProtocol::decodeChunk(FileProtocol::encodeChunk({offer.id, 0, {}})));
        QVERIFY(!FileProtocol::decodeChunk(FileProtocol::encodeChunk({offer.id, -5, "x"})));
    }
};

QTEST_GUILESS_MAIN(TestFileNames)
#include "tst_filenames.moc"
