// What one stranger can make us keep (issue #19, finding 7): each kind of per-peer state has a
// bound, so that a peer with a valid certificate, or a stream of new certificates, cannot grow
// our memory or our store without end.
#include "chat/chatprotocol.h"
#include "chat/messenger.h"
#include "files/filetransfers.h"
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "net/trustpolicy.h"
#include "peertestutil.h"
#include "rawtlspeer.h"
#include "store/database.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;
using namespace PeerTest;

namespace {
constexpr int Timeout = 10000;

} // namespace

class TestStrangerLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // "Typing" for a group the peer is not in is ignored: before, every made-up group id got
    // a timer of its own and a typing line.
    void typingInGroupsThePeerIsNotInIsIgnored()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer stranger;
        join(a, stranger);
        QSignalSpy typing(&a->messenger(), &Messenger::typingChanged);
        for (int i = 0; i < 200; ++i)
            stranger.send(ChatProtocol::encodeTyping({newUuid(), true}));
        QVERIFY(answersPing(stranger));
        QCOMPARE(typing.size(), 0);
        // In the direct conversation it shows, and "stopped" clears it.
        stranger.send(ChatProtocol::encodeTyping({{}, true}));
        stranger.send(ChatProtocol::encodeTyping({{}, false}));
        QTRY_COMPARE_WITH_TIMEOUT(typing.size(), 2, Timeout);
        QCOMPARE(typing.at(0).at(2).toBool(), true);
        QCOMPARE(typing.at(1).at(2).toBool(), false);
    }

    // Each waiting file offer is a record and a line: a peer gets MaxWaitingOffersPerPeer. The
    // next one is not taken (nor answered), so it stays with its sender for a later session.
    void waitingFileOffersPerPeerAreCapped()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob"));
        QTemporaryDir work, downloads;
        QString error;
        QVERIFY(bob->setSetting(QStringLiteral("downloadDir"), downloads.path(), &error));
        QVERIFY(bob->setSetting(QStringLiteral("fileAutoAcceptBytes"), 0, &error)); // all ask
        QVERIFY(alice->connectTo(bob.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(bob->sessions().isConnected(alice.id()), Timeout);
        QVERIFY(bob->peers().setContact(alice.id(), true));
        const QString path = work.filePath(QStringLiteral("f.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("x") == 1);
        file.close();
        QStringList ids;
        for (int i = 0; i <= FileTransfers::MaxWaitingOffersPerPeer; ++i)
            ids << alice->files().sendFile(bob.id(), path, &error);
        // A chat message after the offers, on the same session: once it is in, so are they.
        const auto probe =
            alice->messenger().sendText(bob.id(), QStringLiteral("probe"), {}, &error);
        QVERIFY(probe);
        QTRY_VERIFY_WITH_TIMEOUT(bob->messenger().messages().find(probe->uuid), Timeout);
        const auto waiting = [&](const QString &id) {
            const auto r = bob->files().store().find(id, alice.id(), TransferDirection::Incoming);
            return r && r->state == TransferState::AskUser;
        };
        QCOMPARE(std::count_if(ids.begin(), ids.end(), waiting),
                 FileTransfers::MaxWaitingOffersPerPeer);
        QVERIFY(!bob->files().store().find(ids.last(), alice.id(), TransferDirection::Incoming));
    }

    // Every new key that claims an invite link's peer raises a key change for the user; only the
    // newest MaxPendingKeyChanges wait.
    void pendingKeyChangesAreCapped()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("t.db")));
        QString error;
        QVERIFY2(db.migrate(&error), qPrintable(error));
        PeerRepository peers(db);
        TrustPolicy policy(someId(0), peers);
        const QString pinned = someId(1);
        const LinkPath path{LinkPath::Kind::Lan, QHostAddress::LocalHost, 4000, false, {}};
        const int made = TrustPolicy::MaxPendingKeyChanges + 10;
        for (int i = 0; i < made; ++i) {
            DeviceCredential remote;
            remote.deviceId = someId(100 + i);
            remote.hello.id = remote.deviceId;
            remote.hello.name = QStringLiteral("Mallory %1").arg(i);
            const auto decision = policy.evaluate(remote, path, pinned, true);
            QVERIFY(!decision.accept && decision.keyChange);
        }
        const QList<KeyChangeEvent> waiting = policy.pendingKeyChanges();
        QCOMPARE(waiting.size(), TrustPolicy::MaxPendingKeyChanges);
        QVERIFY(std::any_of(waiting.begin(), waiting.end(), [&](const KeyChangeEvent &e) {
            return e.presentedId == someId(100 + made - 1);
        }));
    }
};

QTEST_GUILESS_MAIN(TestStrangerLimits)
#include "tst_strangerlimits.moc"
