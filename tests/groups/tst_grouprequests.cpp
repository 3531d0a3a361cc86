// A group invitation from someone who is not a contact is a message request (issue #19,
// finding 2): the group waits with the requests, its messages are kept there, and its files ask
// first whatever their size. From a contact, the group and its small files come in at once.
#include "../files/filetestutil.h"
#include "chat/messenger.h"
#include "groups/groupmanager.h"
#include "net/sessionmanager.h"
#include "store/conversationrepository.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;
using namespace FileTestUtil;

namespace {
constexpr int Timeout = 15000;

struct Invitation
{
    RequestState state;
    TransferState file;
};

// Inviter makes a group with Alice, says hello in it and sends a 1 kB file; what Alice makes of it.
Invitation invite(bool inviterIsContact)
{
    TestNode alice(QStringLiteral("Alice")), inviter(QStringLiteral("Inviter"));
    QTemporaryDir downloads, work;
    QString error;
    [&] {
        QVERIFY(alice->setSetting(QStringLiteral("downloadDir"), downloads.path(), &error));
        QVERIFY(inviter->connectTo(alice.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(alice->sessions().isConnected(inviter.id()), Timeout);
        if (inviterIsContact)
            QVERIFY(alice->peers().setContact(inviter.id(), true));
    }();
    const auto group =
        inviter->groups().createGroup(QStringLiteral("Free prizes"), {alice.id()}, &error);
    if (!group) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return {};
    }
    const auto hello = inviter->messenger().sendText(*group, QStringLiteral("hi all"), {}, &error);
    const QString path = work.filePath(QStringLiteral("prize.exe"));
    writeFile(path, 1000);
    const QString fileId = inviter->files().sendFile(*group, path, &error);
    [&] {
        QVERIFY2(hello && !fileId.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(alice->messenger().messages().find(hello->uuid), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(
            record(alice.node(), fileId, inviter.id(), TransferDirection::Incoming), Timeout);
    }();
    const auto conversation = alice->messenger().conversations().find(*group);
    const auto listed = alice->messenger().conversations().list(ConversationFilter::Requests);
    const bool inRequests = listed && std::any_of(listed->begin(), listed->end(), [&](auto &s) {
                                return s.conversation.id == *group;
                            });
    const RequestState state = conversation ? conversation->requestState : RequestState::Ignored;
    [&] { QCOMPARE(inRequests, state == RequestState::Pending); }();
    // A small file from a contact completes; one from a request waits for the user.
    const auto settled = [&] {
        const TransferState s =
            stateOf(alice.node(), fileId, inviter.id(), TransferDirection::Incoming);
        return s == TransferState::AskUser || s == TransferState::Completed;
    };
    [&] { QTRY_VERIFY_WITH_TIMEOUT(settled(), Timeout); }();
    return {state, stateOf(alice.node(), fileId, inviter.id(), TransferDirection::Incoming)};
}
} // namespace

class TestGroupRequests : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aStrangersGroupIsARequestAndItsFilesAsk()
    {
        const Invitation got = invite(false);
        QCOMPARE(got.state, RequestState::Pending);
        QCOMPARE(got.file, TransferState::AskUser);
    }

    void aContactsGroupComesInAtOnce()
    {
        const Invitation got = invite(true);
        QCOMPARE(got.state, RequestState::Accepted);
        QCOMPARE(got.file, TransferState::Completed);
    }
};

QTEST_GUILESS_MAIN(TestGroupRequests)
#include "tst_grouprequests.moc"
