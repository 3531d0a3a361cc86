#include "net/frame.h"
#include "net/invitelink.h"
#include "net/protocol.h"

#include <QCborArray>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

#include <limits>

using namespace Tincan;

class TestFrame : public QObject
{
    Q_OBJECT

private:
    static QByteArray lengthPrefix(quint32 length)
    {
        QByteArray bytes(4, Qt::Uninitialized);
        qToBigEndian(length, bytes.data());
        return bytes;
    }
    static QString someId(char c = 'a') { return QString(64, QLatin1Char(c)); }

private Q_SLOTS:
    void roundTripAcrossArbitrarySplits()
    {
        QList<QCborMap> sent;
        QByteArray stream;
        for (int i = 0; i < 50; ++i) {
            QCborMap m;
            m.insert(QStringLiteral("t"), QStringLiteral("x"));
            m.insert(QStringLiteral("n"), i);
            m.insert(QStringLiteral("body"), QString(i * 37, u'é'));
            sent.append(m);
            stream += encodeFrame(m);
        }
        QRandomGenerator rng(42);
        FrameDecoder decoder;
        QList<QCborMap> received;
        qsizetype pos = 0;
        while (pos < stream.size()) {
            const qsizetype chunk = 1 + rng.bounded(300);
            decoder.append(stream.mid(pos, chunk));
            pos += chunk;
            QCborMap m;
            FrameDecoder::Status status;
            while ((status = decoder.next(&m)) == FrameDecoder::Status::Message)
                received.append(m);
            QCOMPARE(status, FrameDecoder::Status::NeedMore);
        }
        QCOMPARE(received, sent);
        QCOMPARE(decoder.bufferedBytes(), 0);
    }

    void hostileLengthIsRejectedWithoutWaitingForTheBody()
    {
        FrameDecoder decoder;
        decoder.append(lengthPrefix(0xFFFFFFFFu));
        QCborMap m;
        QCOMPARE(decoder.next(&m), FrameDecoder::Status::Error);
        QVERIFY(decoder.errorString().contains(QStringLiteral("exceeds")));
        decoder.append(encodeFrame(QCborMap{{QStringLiteral("t"), QStringLiteral("ping")}}));
        QCOMPARE(decoder.next(&m), FrameDecoder::Status::Error); // a broken stream stays broken
    }

    void malformedPayloads_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("not cbor") << QByteArray("\xff\xff\xff", 3);
        QTest::newRow("array not map") << QCborValue(QCborArray{1, 2}).toCbor();
        QTest::newRow("trailing garbage") << QCborValue(QCborMap{{1, 2}}).toCbor() + "zz";
        QTest::newRow("truncated map")
            << QCborValue(QCborMap{{QStringLiteral("t"), QStringLiteral("hello")}})
                   .toCbor()
                   .chopped(2);
    }

    void malformedPayloads()
    {
        QFETCH(QByteArray, payload);
        FrameDecoder decoder;
        decoder.append(lengthPrefix(quint32(payload.size())) + payload);
        QCborMap m;
        QCOMPARE(decoder.next(&m), FrameDecoder::Status::Error);
    }

    void emptyFrameIsAnError()
    {
        FrameDecoder decoder;
        decoder.append(lengthPrefix(0));
        QCborMap m;
        QCOMPARE(decoder.next(&m), FrameDecoder::Status::Error);
    }

    void randomGarbageNeverCrashes()
    {
        QRandomGenerator rng(7);
        for (int round = 0; round < 2000; ++round) {
            QByteArray bytes(rng.bounded(64), Qt::Uninitialized);
            for (char &c : bytes)
                c = char(rng.bounded(256));
            if (round % 2)
                bytes.prepend(lengthPrefix(quint32(bytes.size())));
            FrameDecoder decoder(4096);
            decoder.append(bytes);
            QCborMap m;
            for (int i = 0; i < 10 && decoder.next(&m) == FrameDecoder::Status::Message; ++i) {
                QString error;
                Protocol::decodeHello(m, &error);
                Protocol::decodePeers(m);
            }
        }
    }

    void helloValidation()
    {
        Protocol::Hello hello{
            1, someId(), QStringLiteral("Ada"), 4242, {QStringLiteral("chat")}, {}, {}, {}, {}};
        QString error;
        const auto decoded = Protocol::decodeHello(Protocol::encodeHello(hello), &error);
        QVERIFY2(decoded, qPrintable(error));
        QCOMPARE(decoded->id, hello.id);
        QCOMPARE(decoded->port, quint16(4242));
        QCOMPARE(decoded->capabilities, hello.capabilities);

        QCborMap bad = Protocol::encodeHello(hello);
        bad.insert(QStringLiteral("id"), QStringLiteral("ABC"));
        QVERIFY(!Protocol::decodeHello(bad, &error));
        bad = Protocol::encodeHello(hello);
        bad.insert(QStringLiteral("port"), 70000);
        QVERIFY(!Protocol::decodeHello(bad, &error));
        bad = Protocol::encodeHello(hello);
        bad.insert(QStringLiteral("v"), QStringLiteral("1"));
        QVERIFY(!Protocol::decodeHello(bad, &error));
        bad = Protocol::encodeHello(hello);
        bad.insert(QStringLiteral("future-field"), 1); // unknown fields are fine
        QVERIFY(Protocol::decodeHello(bad, &error));
        // From v2 on the account's device list must be there (the link checks its signature).
        bad = Protocol::encodeHello(hello);
        bad.insert(QStringLiteral("v"), 2);
        QVERIFY(!Protocol::decodeHello(bad, &error));
        QVERIFY2(error.contains(QStringLiteral("acct")), qPrintable(error));
        bad.insert(QStringLiteral("acct"), QStringLiteral("not a map"));
        QVERIFY(!Protocol::decodeHello(bad, &error));
        bad.insert(QStringLiteral("acct"), QCborMap{{QStringLiteral("k"), QByteArray("key")}});
        QVERIFY(Protocol::decodeHello(bad, &error));
    }

    // Names in hellos and peer hints are cleaned as discovery cleans them: a stranger cannot
    // show up as "Alice" with invisible characters, or reverse the text around its name.
    void helloAndHintNamesLoseInvisibleAndBidiCharacters()
    {
        const QString disguised = QStringLiteral("Ali") + QChar(0x200B) + QStringLiteral("ce") +
                                  QChar(0x200F) + QChar(0x202E) + QChar(0x2066) + u'\n';
        Protocol::Hello hello{1, someId(), disguised, 4242, {}, {}, {}, {}, {}};
        QString error;
        QCOMPARE(Protocol::decodeHello(Protocol::encodeHello(hello), &error)->name,
                 QStringLiteral("Alice"));
        const auto hints = Protocol::decodePeers(
            Protocol::encodePeers({{someId('b'), disguised, {QStringLiteral("127.0.0.1:1000")}}}));
        QCOMPARE(hints.first().name, QStringLiteral("Alice"));
        hello.name = QString(300, u'x');
        QCOMPARE(Protocol::decodeHello(Protocol::encodeHello(hello), &error)->name.size(), 128);
    }

    // Found by fuzz_protocol: a version beyond int was cut to its low 32 bits, so 2^32 + 1
    // read as 1 and 2^31 as a negative version.
    // lid and rpl travel when they are 16 bytes; anything else reads as absent, as from a peer
    // that predates them.
    void helloCarriesLinkIdAndReplaces()
    {
        Protocol::Hello hello{1, someId(), QStringLiteral("Ada"), 4242, {}, {}, {}, {}, {}};
        hello.linkId = QByteArray(Protocol::LinkIdSize, 'l');
        hello.replaces = QByteArray(Protocol::LinkIdSize, 'r');
        QString error;
        auto decoded = Protocol::decodeHello(Protocol::encodeHello(hello), &error);
        QVERIFY2(decoded, qPrintable(error));
        QCOMPARE(decoded->linkId, hello.linkId);
        QCOMPARE(decoded->replaces, hello.replaces);

        QCborMap odd = Protocol::encodeHello(hello);
        odd.insert(QStringLiteral("lid"), QByteArray(Protocol::LinkIdSize + 1, 'l'));
        odd.insert(QStringLiteral("rpl"), QStringLiteral("not bytes"));
        decoded = Protocol::decodeHello(odd, &error);
        QVERIFY2(decoded, qPrintable(error));
        QVERIFY(decoded->linkId.isEmpty());
        QVERIFY(decoded->replaces.isEmpty());
        QVERIFY(!Protocol::encodeHello(*decoded).contains(QStringLiteral("lid")));
    }

    void helloVersionBeyondIntIsRefused()
    {
        Protocol::Hello hello{1, someId(), QStringLiteral("Ada"), 4242, {}, {}, {}, {}, {}};
        hello.account.insert(QStringLiteral("k"), QByteArray("checked by the link, not here"));
        QString error;
        for (const qint64 version : {(qint64(1) << 32) + 1, qint64(1) << 31, qint64(1) << 62}) {
            QCborMap map = Protocol::encodeHello(hello);
            map.insert(QStringLiteral("v"), version);
            QVERIFY2(!Protocol::decodeHello(map, &error), qPrintable(QString::number(version)));
        }
        QCborMap highest = Protocol::encodeHello(hello);
        highest.insert(QStringLiteral("v"), std::numeric_limits<int>::max());
        QCOMPARE(Protocol::decodeHello(highest, &error)->version, std::numeric_limits<int>::max());
    }

    void peerHintsDropBadEntriesAndAreBounded()
    {
        QList<Protocol::PeerHint> hints;
        for (int i = 0; i < 100; ++i)
            hints.append({someId('b'), QStringLiteral("n"), {QStringLiteral("127.0.0.1:1000")}});
        hints.append({QStringLiteral("short"), QStringLiteral("bad id"), {QStringLiteral("h:1")}});
        QCOMPARE(Protocol::decodePeers(Protocol::encodePeers(hints)).size(),
                 Protocol::MaxPeerHints);

        const QList<Protocol::PeerHint> mixed{
            {someId('c'),
             QStringLiteral("ok"),
             {QStringLiteral("10.0.0.1:7"), QStringLiteral("nope")}},
            {someId('d'), QStringLiteral("no address"), {QStringLiteral("host:0")}}};
        const auto decoded = Protocol::decodePeers(Protocol::encodePeers(mixed));
        QCOMPARE(decoded.size(), 1);
        QCOMPARE(decoded.first().addresses, QStringList{QStringLiteral("10.0.0.1:7")});
    }

    void connectTargets_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("pinned");
        const QString id = someId('e');
        QTest::newRow("v4") << QStringLiteral("127.0.0.1:4000") << true
                            << QStringLiteral("127.0.0.1") << 4000 << QString();
        QTest::newRow("v6") << QStringLiteral("[::1]:4000") << true << QStringLiteral("::1") << 4000
                            << QString();
        QTest::newRow("name") << QStringLiteral("box.lan:9") << true << QStringLiteral("box.lan")
                              << 9 << QString();
        QTest::newRow("invite") << QStringLiteral("tincan://127.0.0.1:4000/") + id << true
                                << QStringLiteral("127.0.0.1") << 4000 << id;
        QTest::newRow("invite v6")
            << QStringLiteral("tincan://[::1]:5/") + id << true << QStringLiteral("::1") << 5 << id;
        QTest::newRow("invite by id")
            << QStringLiteral("tincan://") + id << true << QString() << 0 << id;
        QTest::newRow("invite by id, upper case")
            << QStringLiteral("tincan://") + id.toUpper() << true << QString() << 0 << id;
        QTest::newRow("invite by short id")
            << QStringLiteral("tincan://") + id.left(63) << false << QString() << 0 << QString();
        QTest::newRow("no port") << QStringLiteral("127.0.0.1") << false << QString() << 0
                                 << QString();
        QTest::newRow("port 0") << QStringLiteral("127.0.0.1:0") << false << QString() << 0
                                << QString();
        QTest::newRow("port big") << QStringLiteral("h:65536") << false << QString() << 0
                                  << QString();
        QTest::newRow("invite bad fp") << QStringLiteral("tincan://127.0.0.1:4000/abc") << false
                                       << QString() << 0 << QString();
        QTest::newRow("invite no port")
            << QStringLiteral("tincan://127.0.0.1/") + id << false << QString() << 0 << QString();
    }

    void connectTargets()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QString error;
        const auto target = parseConnectTarget(text, &error);
        QCOMPARE(bool(target), valid);
        if (!valid) {
            QVERIFY(!error.isEmpty());
            return;
        }
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, pinned);
        QCOMPARE(target->host, host);
        QCOMPARE(int(target->port), port);
        QCOMPARE(target->pinnedId, pinned);
        if (!pinned.isEmpty())
            QCOMPARE(
                parseConnectTarget(formatInviteLink(host, quint16(port), pinned), &error)->pinnedId,
                pinned);
    }
};

QTEST_GUILESS_MAIN(TestFrame)
#include "tst_frame.moc"
