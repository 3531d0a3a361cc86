// File transfer end to end between two in-process nodes over real TLS on 127.0.0.1.
#include "chat/messenger.h"
#include "files/filenames.h"
#include "files/fileprotocol.h"
#include "filetestutil.h"
#include "net/sessionmanager.h"
#include "testnode.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Tincan;
using namespace FileTestUtil;

namespace {
constexpr int Timeout = 30000;
constexpr auto Out = TransferDirection::Outgoing;
constexpr auto In = TransferDirection::Incoming;
} // namespace

class TestFileTransfer : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestNode> alice;
    std::unique_ptr<TestNode> bob;
    std::unique_ptr<QTemporaryDir> work; // source files
    std::unique_ptr<QTemporaryDir> downloads;

    void configureBob()
    {
        QString error;
        QVERIFY(bob->node().setSetting(QStringLiteral("downloadDir"), downloads->path(), &error));
        QVERIFY(bob->node().setSetting(QStringLiteral("acceptEveryone"), true, &error));
    }

    void link()
    {
        QString error;
        QVERIFY2(alice->node().connectTo(bob->address(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(alice->node().sessions().isConnected(bob->id()) &&
                                     bob->node().sessions().isConnected(alice->id()),
                                 Timeout);
    }

    QString send(const QString &path)
    {
        QString error;
        const QString id = alice->node().files().sendFile(bob->id(), path, &error);
        [&] { QVERIFY2(!id.isEmpty(), qPrintable(error)); }();
        return id;
    }

    // Sends a hand-made offer (and chunk) from Alice's session, as a hostile peer could.
    void sendRaw(const FileProtocol::Offer &offer, const QByteArray &data)
    {
        alice->node().sessions().send(bob->id(), FileProtocol::encodeOffer(offer));
        if (!data.isEmpty())
            alice->node().sessions().send(bob->id(),
                                          FileProtocol::encodeChunk({offer.id, 0, data}));
    }

    FileProtocol::Offer rawOffer(const QString &name, const QByteArray &data)
    {
        FileProtocol::Offer offer;
        offer.id = newUuid();
        offer.name = name;
        offer.size = data.size();
        offer.sha256 = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
        offer.sentAt = QDateTime::currentDateTimeUtc();
        return offer;
    }

private Q_SLOTS:
    void init()
    {
        work = std::make_unique<QTemporaryDir>();
        downloads = std::make_unique<QTemporaryDir>();
        alice = std::make_unique<TestNode>(QStringLiteral("Alice"));
        bob = std::make_unique<TestNode>(QStringLiteral("Bob"));
        configureBob();
        link();
    }
    void cleanup()
    {
        alice.reset();
        bob.reset();
    }

    void sizes_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::newRow("0 bytes") << qint64(0);
        QTest::newRow("1 byte") << qint64(1);
        QTest::newRow("one chunk and one byte") << FileProtocol::ChunkSize + 1;
        QTest::newRow("100 MB") << qint64(100'000'000);
    }
    void sizes()
    {
        QFETCH(qint64, size);
        const QString source = work->filePath(QStringLiteral("data.bin"));
        QVERIFY(writeFile(source, size));
        const QString id = send(source);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(alice->node(), id, bob->id(), Out),
                                  TransferState::Completed, Timeout);
        QCOMPARE(stateOf(bob->node(), id, alice->id(), In), TransferState::Completed);
        const auto received = record(bob->node(), id, alice->id(), In);
        QCOMPARE(received->path, downloads->filePath(QStringLiteral("data.bin")));
        QCOMPARE(QFileInfo(received->path).size(), size);
        QCOMPARE(sha256Of(received->path), sha256Of(source));
        QCOMPARE(entries(downloads->path()), QStringList{QStringLiteral("data.bin")});
        // The file is in the history of both, as a file message.
        const auto message = bob->node().messenger().messages().find(id);
        QVERIFY(message);
        QCOMPARE(message->kind, MessageKind::File);
        QCOMPARE(message->body, QStringLiteral("data.bin"));
        QCOMPARE(alice->node().messenger().messages().find(id)->kind, MessageKind::File);
    }

    // A link that reaches its outbound cap while a file goes out is closed inside send(), and
    // the disconnect pauses the transfer there and then; the sender must not touch it afterwards
    // (issue #19: a use after free that the sanitizer leg catches).
    void aLinkClosedAtItsOutboundCapMidFilePausesTheTransfer()
    {
        NodeConfig config = TestNode::defaultConfig();
        config.limits.maxPendingOutbound = FileProtocol::ChunkSize + 1; // the second chunk trips it
        // Another name: a new key as "Alice" from Alice's address would be a key change for Bob.
        alice = std::make_unique<TestNode>(QStringLiteral("Carol"), config);
        link();
        const QString source = work->filePath(QStringLiteral("capped.bin"));
        QVERIFY(writeFile(source, 4 * FileProtocol::ChunkSize));
        const QString id = send(source);
        std::optional<TransferState> atClose;
        QObject guard;
        connect(&alice->node().sessions(), &SessionManager::peerDisconnected, &guard,
                [&](const QString &peer) {
                    if (!atClose)
                        atClose = stateOf(alice->node(), id, peer, Out);
                });
        QTRY_VERIFY_WITH_TIMEOUT(atClose.has_value(), Timeout);
        QCOMPARE(*atClose, TransferState::Paused);
    }

    void anExistingFileIsNeverOverwritten()
    {
        const QString source = work->filePath(QStringLiteral("notes.txt"));
        QVERIFY(writeFile(source, 1000));
        QFile existing(downloads->filePath(QStringLiteral("notes.txt")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me");
        existing.close();
        const QString id = send(source);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(bob->node(), id, alice->id(), In),
                                  TransferState::Completed, Timeout);
        QCOMPARE(record(bob->node(), id, alice->id(), In)->path,
                 downloads->filePath(QStringLiteral("notes (1).txt")));
        QVERIFY(existing.open(QIODevice::ReadOnly));
        QCOMPARE(existing.readAll(), QByteArray("keep me"));
    }

    void hostileNamesStayInTheDownloadFolder_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("saved");
        QTest::newRow("traversal")
            << QStringLiteral("../../etc/passwd") << QStringLiteral("passwd");
        QTest::newRow("absolute") << QStringLiteral("/tmp/evil.sh") << QStringLiteral("evil.sh");
        QTest::newRow("nul") << QString(QStringLiteral("in") + QChar(0) + QStringLiteral("nocent"))
                             << QStringLiteral("innocent");
        QTest::newRow("dotdot") << QStringLiteral("..") << QStringLiteral("file");
        QTest::newRow("very long") << QString(1000, u'x') << QString(FileNames::MaxNameBytes, u'x');
    }
    void hostileNamesStayInTheDownloadFolder()
    {
        QFETCH(QString, name);
        QFETCH(QString, saved);
        const QByteArray data("payload");
        const auto offer = rawOffer(name, data);
        sendRaw(offer, data);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(bob->node(), offer.id, alice->id(), In),
                                  TransferState::Completed, Timeout);
        const QString path = record(bob->node(), offer.id, alice->id(), In)->path;
        QCOMPARE(path, downloads->filePath(saved));
        QCOMPARE(entries(downloads->path()), QStringList{saved});
        QCOMPARE(bob->node().messenger().messages().find(offer.id)->body, saved);
    }

    void aHashMismatchDiscardsTheFile()
    {
        const QByteArray data("these are not the bytes that were hashed");
        auto offer = rawOffer(QStringLiteral("report.pdf"), data);
        offer.sha256 = QCryptographicHash::hash("something else", QCryptographicHash::Sha256);
        sendRaw(offer, data);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(bob->node(), offer.id, alice->id(), In),
                                  TransferState::Failed, Timeout);
        const auto failed = record(bob->node(), offer.id, alice->id(), In);
        QVERIFY2(failed->error.contains(QStringLiteral("SHA-256")), qPrintable(failed->error));
        QVERIFY(failed->path.isEmpty());
        QCOMPARE(entries(downloads->path()), QStringList());
    }

    void aSourceChangedAfterTheOfferFailsVerification()
    {
        const QString source = work->filePath(QStringLiteral("changing.bin"));
        QVERIFY(writeFile(source, 3 * FileProtocol::ChunkSize, 1));
        QString error;
        // Bob asks first, so the source can change between the offer and the transfer.
        QVERIFY(bob->node().setSetting(QStringLiteral("fileAutoAcceptBytes"), 0, &error));
        QSignalSpy asked(&bob->node().files(), &FileTransfers::acceptRequested);
        const QString id = send(source);
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, Timeout);
        QVERIFY(writeFile(source, 3 * FileProtocol::ChunkSize, 2)); // same size, new bytes
        QVERIFY2(bob->node().files().accept(id, alice->id(), &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(alice->node(), id, bob->id(), Out), TransferState::Failed,
                                  Timeout);
        QCOMPARE(stateOf(bob->node(), id, alice->id(), In), TransferState::Failed);
        QCOMPARE(entries(downloads->path()), QStringList());
    }

    // Many files, each under the per-file limit, cannot fill the disk: what is taken without
    // asking adds up to at most fileAutoAcceptPerDayBytes a day (issue #19, finding 2).
    void smallFilesAskOnceTheDailyQuotaIsUsed()
    {
        QString error;
        QVERIFY(bob->node().setSetting(QStringLiteral("fileAutoAcceptPerDayBytes"), 2500, &error));
        QSignalSpy asked(&bob->node().files(), &FileTransfers::acceptRequested);
        QStringList ids;
        for (int i = 0; i < 3; ++i) {
            const QString source = work->filePath(QStringLiteral("small%1.bin").arg(i));
            QVERIFY(writeFile(source, 1000, i));
            ids << send(source);
            const auto settled = [&] {
                const TransferState s = stateOf(bob->node(), ids.last(), alice->id(), In);
                return s == TransferState::Completed || s == TransferState::AskUser;
            };
            QTRY_VERIFY_WITH_TIMEOUT(settled(), Timeout);
        }
        QCOMPARE(stateOf(bob->node(), ids[0], alice->id(), In), TransferState::Completed);
        QCOMPARE(stateOf(bob->node(), ids[1], alice->id(), In), TransferState::Completed);
        QCOMPARE(stateOf(bob->node(), ids[2], alice->id(), In), TransferState::AskUser);
        QCOMPARE(asked.size(), 1);
    }

    void largeOffersWaitForTheUser()
    {
        QString error;
        QVERIFY(bob->node().setSetting(QStringLiteral("fileAutoAcceptBytes"), 10, &error));
        const QString small = work->filePath(QStringLiteral("small.txt"));
        const QString large = work->filePath(QStringLiteral("large.txt"));
        QVERIFY(writeFile(small, 10));
        QVERIFY(writeFile(large, 11));
        QSignalSpy asked(&bob->node().files(), &FileTransfers::acceptRequested);
        const QString smallId = send(small);
        const QString largeId = send(large);
        const QString declinedId = send(large);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(bob->node(), smallId, alice->id(), In),
                                  TransferState::Completed, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 2, Timeout);
        QCOMPARE(stateOf(bob->node(), largeId, alice->id(), In), TransferState::AskUser);
        QCOMPARE(stateOf(alice->node(), largeId, bob->id(), Out), TransferState::Offered);
        QVERIFY2(bob->node().files().accept(largeId, alice->id(), &error), qPrintable(error));
        QVERIFY2(bob->node().files().decline(declinedId, alice->id(), &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(alice->node(), largeId, bob->id(), Out),
                                  TransferState::Completed, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(alice->node(), declinedId, bob->id(), Out),
                                  TransferState::Declined, Timeout);
        QCOMPARE(entries(downloads->path()),
                 (QStringList{QStringLiteral("large.txt"), QStringLiteral("small.txt")}));
    }

    void eitherSideCancels_data()
    {
        QTest::addColumn<bool>("receiverCancels");
        QTest::newRow("sender") << false;
        QTest::newRow("receiver") << true;
    }
    void eitherSideCancels()
    {
        QFETCH(bool, receiverCancels);
        QString error;
        QVERIFY(alice->node().setSetting(QStringLiteral("fileSendRateLimit"), 4'000'000, &error));
        const QString source = work->filePath(QStringLiteral("big.bin"));
        QVERIFY(writeFile(source, 40'000'000));
        const QString id = send(source);
        QTRY_VERIFY_WITH_TIMEOUT(bob->node().files().transfersOf(id).value(0).bytes > 1'000'000,
                                 Timeout);
        TestNode &canceller = receiverCancels ? *bob : *alice;
        QVERIFY2(canceller.node().files().cancel(id, {}, &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(alice->node(), id, bob->id(), Out),
                                  TransferState::Cancelled, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(bob->node(), id, alice->id(), In),
                                  TransferState::Cancelled, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(entries(downloads->path()), QStringList(), Timeout);
    }

    void resumesAfterTheReceiverRestarts()
    {
        QString error;
        QVERIFY(alice->node().setSetting(QStringLiteral("fileSendRateLimit"), 20'000'000, &error));
        const QString source = work->filePath(QStringLiteral("resume.bin"));
        QVERIFY(writeFile(source, 60'000'000));
        const QString id = send(source);
        auto received = [&] {
            const auto r = record(bob->node(), id, alice->id(), In);
            return r ? r->doneBytes : -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(received() >= 2 * FileTransfers::PersistEvery, Timeout);
        const QString profile = bob->profileDir();
        const QString bobId = bob->id();
        bob->stop();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(alice->node(), id, bobId, Out), TransferState::Paused,
                                  Timeout);
        bob = std::make_unique<TestNode>(QStringLiteral("Bob"), profile);
        link();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(alice->node(), id, bob->id(), Out),
                                  TransferState::Completed, Timeout);
        const auto sent = record(alice->node(), id, bob->id(), Out);
        QVERIFY(sent->resumes >= 1);
        QVERIFY2(sent->resumedFrom >= 2 * FileTransfers::PersistEvery,
                 qPrintable(QString::number(sent->resumedFrom)));
        QCOMPARE(sha256Of(record(bob->node(), id, alice->id(), In)->path), sha256Of(source));
        QCOMPARE(entries(downloads->path()), QStringList{QStringLiteral("resume.bin")});
    }

    // A download that made no progress for a week fails and its part file goes (issue #19,
    // finding 2): abandoned transfers do not keep disk space forever.
    void aPartFileAbandonedForAWeekIsRemoved()
    {
        QString error;
        QVERIFY(alice->node().setSetting(QStringLiteral("fileSendRateLimit"), 20'000'000, &error));
        const QString source = work->filePath(QStringLiteral("left.bin"));
        QVERIFY(writeFile(source, 60'000'000));
        const QString id = send(source);
        const QString aliceId = alice->id();
        const auto received = [&] { return record(bob->node(), id, aliceId, In); };
        QTRY_VERIFY_WITH_TIMEOUT(received() && received()->doneBytes > 0, Timeout);
        alice->stop(); // the sender goes away for good
        QTRY_COMPARE_WITH_TIMEOUT(received()->state, TransferState::Paused, Timeout);
        const QString part = received()->partPath;
        QVERIFY(QFileInfo::exists(part));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(bob->node().files().expireAbandonedParts(now.addDays(6)), 0);
        QVERIFY(QFileInfo::exists(part));
        QCOMPARE(bob->node().files().expireAbandonedParts(now.addDays(8)), 1);
        QCOMPARE(received()->state, TransferState::Failed);
        QVERIFY(received()->error.contains(QStringLiteral("no progress for 7 days")));
        QVERIFY(!QFileInfo::exists(part));
        QCOMPARE(entries(downloads->path()), QStringList());
    }

    void aPartFileSwappedForASymlinkIsNotFollowed()
    {
        // While Bob is away, someone with write access to his download folder replaces the part
        // file with a link to another of his files. Resuming must not write through it.
        QString error;
        QVERIFY(alice->node().setSetting(QStringLiteral("fileSendRateLimit"), 20'000'000, &error));
        const QString source = work->filePath(QStringLiteral("big.bin"));
        QVERIFY(writeFile(source, 60'000'000));
        const QString victim = work->filePath(QStringLiteral("precious.txt"));
        QFile precious(victim);
        QVERIFY(precious.open(QIODevice::WriteOnly));
        precious.write("keep me\n");
        precious.close();
        const QString id = send(source);
        QTRY_VERIFY_WITH_TIMEOUT(record(bob->node(), id, alice->id(), In) &&
                                     record(bob->node(), id, alice->id(), In)->doneBytes > 0,
                                 Timeout);
        const QString part = record(bob->node(), id, alice->id(), In)->partPath;
        const QString profile = bob->profileDir();
        bob->stop();
        QVERIFY(QFile::remove(part));
        QVERIFY(QFile::link(victim, part));
        bob = std::make_unique<TestNode>(QStringLiteral("Bob"), profile);
        link();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(bob->node(), id, alice->id(), In), TransferState::Failed,
                                  Timeout);
        QVERIFY2(record(bob->node(), id, alice->id(), In)->error.contains(u"symbolic link"),
                 qPrintable(record(bob->node(), id, alice->id(), In)->error));
        QVERIFY(precious.open(QIODevice::ReadOnly));
        QCOMPARE(precious.readAll(), QByteArray("keep me\n"));
        QVERIFY(!QFileInfo::exists(part) && !QFileInfo(part).isSymLink()); // the link is gone
    }
};

QTEST_GUILESS_MAIN(TestFileTransfer)
#include "tst_filetransfer.moc"
