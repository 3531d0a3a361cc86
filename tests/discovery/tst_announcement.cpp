// The announcement parser faces every datagram anyone on the LAN sends to the discovery port:
// fixed cases, then properties checked over random and mutated input.
#include "discovery/announcement.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QRandomGenerator>
#include <QTest>

#include <array>

using namespace Tincan::Discovery;

namespace {

const QString SampleId = QStringLiteral("3f1c") + QString(56, u'0') + QStringLiteral("e09a");

Announcement sample(Kind kind = Kind::Announce)
{
    return Announcement{kind, Version, SampleId, QStringLiteral("Ada"), 41234};
}

QByteArray withMagic(const QCborMap &map)
{
    return QByteArray(Magic, MagicSize) + map.toCborValue().toCbor();
}

QCborMap sampleMap()
{
    return QCborMap{{QStringLiteral("t"), QStringLiteral("announce")},
                    {QStringLiteral("v"), 1},
                    {QStringLiteral("id"), QByteArray::fromHex(SampleId.toLatin1())},
                    {QStringLiteral("name"), QStringLiteral("Ada")},
                    {QStringLiteral("port"), 41234}};
}

bool hasControl(const QString &s)
{
    return std::any_of(s.begin(), s.end(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

// Whatever the decoder lets through must respect every limit the rest of discovery relies on.
void checkInvariants(const Announcement &a)
{
    QCOMPARE(a.id.size(), 64);
    QCOMPARE(a.id, a.id.toLower());
    QVERIFY(a.name.toUtf8().size() <= MaxNameBytes);
    QVERIFY(!hasControl(a.name));
    QVERIFY(a.version >= 1);
    if (a.kind != Kind::Goodbye)
        QVERIFY(a.port > 0);
    // Round trip: what we decoded, we can send, and it decodes to the same thing.
    const QByteArray again = encodeAnnouncement(a);
    QVERIFY(again.size() <= MaxDatagramSize);
    const auto back = decodeAnnouncement(again);
    QVERIFY(back);
    QCOMPARE(back->id, a.id);
    QCOMPARE(int(back->kind), int(a.kind));
    if (a.kind != Kind::Goodbye) {
        QCOMPARE(back->name, a.name);
        QCOMPARE(back->port, a.port);
    }
}

} // namespace

class TestAnnouncement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsEveryKind()
    {
        for (Kind kind : {Kind::Announce, Kind::Query, Kind::Goodbye}) {
            const QByteArray datagram = encodeAnnouncement(sample(kind));
            QVERIFY(datagram.startsWith(QByteArrayView(Magic, MagicSize)));
            const auto decoded = decodeAnnouncement(datagram);
            QVERIFY(decoded);
            QCOMPARE(int(decoded->kind), int(kind));
            QCOMPARE(decoded->id, SampleId);
            QCOMPARE(decoded->version, Version);
            if (kind != Kind::Goodbye) {
                QCOMPARE(decoded->name, QStringLiteral("Ada"));
                QCOMPARE(decoded->port, quint16(41234));
            }
        }
        qInfo("announce with a 3-byte name: %lld bytes",
              qint64(encodeAnnouncement(sample()).size()));
    }

    void longNamesAreCutAtACharacterBoundary()
    {
        Announcement a = sample();
        a.name = QString(300, u'x');
        QCOMPARE(decodeAnnouncement(encodeAnnouncement(a))->name, QString(MaxNameBytes, u'x'));

        a.name = QString::fromUtf8("\xf0\x9f\xa5\xab").repeated(100); // 4-byte emoji
        const auto decoded = decodeAnnouncement(encodeAnnouncement(a));
        QCOMPARE(decoded->name.toUtf8().size(), MaxNameBytes); // 32 whole emoji
        QVERIFY(decoded->name.isValidUtf16());

        a.name = QString::fromUtf8("\xc3\xa9").repeated(200); // 2-byte é, 128 is even
        QCOMPARE(decodeAnnouncement(encodeAnnouncement(a))->name.size(), MaxNameBytes / 2);
        QVERIFY(encodeAnnouncement(a).size() < MaxDatagramSize / 2);
    }

    void namesLoseControlAndBidiCharacters()
    {
        QCOMPARE(sanitizedName(QStringLiteral("  Eve\n tincan.discovery: lost x \x1b[0m ")),
                 QStringLiteral("Eve tincan.discovery: lost x [0m"));
        QCOMPARE(sanitizedName(QString(u'A') + QChar(0x202E) + QStringLiteral("gpj")),
                 QStringLiteral("Agpj"));
        const QString family = QString::fromUtf8("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7");
        QCOMPARE(sanitizedName(family), family); // the zero-width joiner stays
        QCOMPARE(sanitizedName(QString(QChar(0xd800)) + u'a'),
                 QStringLiteral("a")); // lone surrogate
        // Invisible format characters: zero-width space, a joiner between letters, marks.
        for (const char16_t invisible : {u'\x200B', u'\x200D', u'\x200E', u'\x2060', u'\xFEFF'})
            QCOMPARE(sanitizedName(QStringLiteral("Bo") + QChar(invisible) + u'b'),
                     QStringLiteral("Bob"));
    }

    void unknownKeysAndNewerVersionsAreAccepted()
    {
        QCborMap map = sampleMap();
        map.insert(QStringLiteral("v"), 7);
        map.insert(QStringLiteral("caps"), QCborArray{QStringLiteral("x"), QCborMap{{1, 2}}});
        map.insert(42, QStringLiteral("integer key from the future"));
        const auto decoded = decodeAnnouncement(withMagic(map));
        QVERIFY(decoded);
        QCOMPARE(decoded->version, 7);
        QCOMPARE(decoded->port, quint16(41234));
    }

    void malformedDatagramsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        const QByteArray good = withMagic(sampleMap());
        QVERIFY(decodeAnnouncement(good));
        auto without = [](const QString &key) {
            QCborMap map = sampleMap();
            map.remove(key);
            return withMagic(map);
        };
        auto with = [](const QString &key, const QCborValue &value) {
            QCborMap map = sampleMap();
            map.insert(key, value);
            return withMagic(map);
        };
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("magic only") << QByteArray(Magic, MagicSize);
        QTest::newRow("wrong magic") << (QByteArray("TCN\x02", 4) + good.mid(MagicSize));
        QTest::newRow("no magic") << good.mid(MagicSize);
        QTest::newRow("oversized") << good + QByteArray(MaxDatagramSize, '\0');
        QTest::newRow("trailing byte") << good + '\0';
        QTest::newRow("truncated") << good.left(good.size() - 1);
        QTest::newRow("array, not map") << QByteArray(Magic, MagicSize) + QByteArray("\x80", 1);
        QTest::newRow("no id") << without(QStringLiteral("id"));
        QTest::newRow("no kind") << without(QStringLiteral("t"));
        QTest::newRow("no version") << without(QStringLiteral("v"));
        QTest::newRow("no port") << without(QStringLiteral("port"));
        QTest::newRow("port 0") << with(QStringLiteral("port"), 0);
        QTest::newRow("port too large") << with(QStringLiteral("port"), 65536);
        QTest::newRow("negative port") << with(QStringLiteral("port"), -1);
        QTest::newRow("version 0") << with(QStringLiteral("v"), 0);
        QTest::newRow("unknown kind") << with(QStringLiteral("t"), QStringLiteral("hologram"));
        QTest::newRow("id as hex text") << with(QStringLiteral("id"), SampleId);
        QTest::newRow("short id") << with(QStringLiteral("id"), QByteArray(31, 'x'));
        QTest::newRow("long id") << with(QStringLiteral("id"), QByteArray(33, 'x'));
        QTest::newRow("name not text") << with(QStringLiteral("name"), 5);
        // A definite length far beyond the datagram, then nothing: must cost nothing.
        QTest::newRow("huge string length")
            << QByteArray(Magic, MagicSize) + QByteArray::fromHex("a1617a7bffffffffffffffff");
        QTest::newRow("huge map length")
            << QByteArray(Magic, MagicSize) + QByteArray::fromHex("bbffffffffffffffff");
        QByteArray indefinite = without(QStringLiteral("name"));
        indefinite[MagicSize] = char(0xa5); // one more pair: "name" as an indefinite-length string
        indefinite += QByteArray::fromHex("646e616d657f61416142ff");
        QTest::newRow("indefinite name") << indefinite;
        // The same key twice could be read two ways; refuse rather than guess.
        QByteArray duplicate = good;
        duplicate[MagicSize] = char(0xa6); // map of 6 pairs, the 6th repeats "v"
        duplicate += QByteArray::fromHex("617602");
        QTest::newRow("duplicate key") << duplicate;
    }

    void malformedDatagramsAreRefused()
    {
        QFETCH(QByteArray, datagram);
        QVERIFY(!decodeAnnouncement(datagram));
    }

    void randomBytesNeverPass()
    {
        QRandomGenerator rng(4711);
        for (int i = 0; i < 20000; ++i) {
            QByteArray datagram(Magic, MagicSize);
            datagram.resize(MagicSize + rng.bounded(MaxDatagramSize));
            for (qsizetype j = MagicSize; j < datagram.size(); ++j)
                datagram[j] = char(rng.bounded(256));
            if (const auto decoded = decodeAnnouncement(datagram))
                checkInvariants(*decoded);
        }
    }

    void mutatedDatagramsKeepTheLimits()
    {
        QRandomGenerator rng(1701);
        const QList<QByteArray> seeds{encodeAnnouncement(sample()),
                                      encodeAnnouncement(sample(Kind::Query)),
                                      encodeAnnouncement(sample(Kind::Goodbye))};
        int accepted = 0;
        for (int i = 0; i < 50000; ++i) {
            QByteArray datagram = seeds.at(rng.bounded(seeds.size()));
            const int mutations = 1 + rng.bounded(4);
            for (int m = 0; m < mutations; ++m) {
                const qsizetype at = rng.bounded(datagram.size() + 1);
                switch (rng.bounded(4)) {
                case 0: // flip a bit
                    if (at < datagram.size())
                        datagram[at] = char(datagram.at(at) ^ (1 << rng.bounded(8)));
                    break;
                case 1: // insert a random byte
                    datagram.insert(at, char(rng.bounded(256)));
                    break;
                case 2: // drop a byte
                    if (at < datagram.size())
                        datagram.remove(at, 1);
                    break;
                default: // cut
                    datagram.truncate(at);
                }
            }
            if (const auto decoded = decodeAnnouncement(datagram)) {
                ++accepted;
                checkInvariants(*decoded);
            }
        }
        qInfo("%d of 50000 mutated datagrams still decoded", accepted);
    }

    void everyEncodingStaysSmall()
    {
        QRandomGenerator rng(99);
        for (int i = 0; i < 2000; ++i) {
            Announcement a = sample(Kind(rng.bounded(3)));
            QString name;
            const int length = rng.bounded(400);
            for (int c = 0; c < length; ++c)
                name += QString::fromUcs4(
                    std::array<char32_t, 1>{char32_t(1 + rng.bounded(0x10fffe))}.data(), 1);
            a.name = name;
            a.port = quint16(1 + rng.bounded(65535));
            const QByteArray datagram = encodeAnnouncement(a);
            QVERIFY(datagram.size() <= MaxDatagramSize);
            const auto decoded = decodeAnnouncement(datagram);
            QVERIFY(decoded);
            checkInvariants(*decoded);
        }
    }
};

QTEST_GUILESS_MAIN(TestAnnouncement)
#include "tst_announcement.moc"
