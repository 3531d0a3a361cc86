// What strangers can make the store keep (issue #19, finding 7): message requests and their
// messages are bounded (beyond, messages are not taken, so not acknowledged: they come again
// and go in once the user accepts), and strangers that left nothing behind are forgotten.
#include "storetestutil.h"

#include "store/conversationrepository.h"
#include "store/peerrepository.h"

#include <QCryptographicHash>

using namespace Tincan;
using namespace StoreTest;

namespace {
QString stranger(int i)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray("stranger").append(QByteArray::number(i)),
                                 QCryptographicHash::Sha256)
            .toHex());
}
} // namespace

class TestStoreLimits : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<MessageStore> m_store;

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_db = openDatabase(*m_tmp);
        m_store = std::make_unique<MessageStore>(*m_db, self);
    }
    void cleanup()
    {
        m_store.reset();
        m_db.reset();
    }

    void messageRequestsAreBounded()
    {
        constexpr int max = ConversationRepository::MaxPendingRequests;
        for (int i = 0; i < max; ++i)
            QCOMPARE(m_store->receive(incoming(stranger(i), QStringLiteral("hi"))).status,
                     ReceiveStatus::Stored);
        const auto extra = incoming(stranger(max), QStringLiteral("me too"));
        QCOMPARE(m_store->receive(extra).status, ReceiveStatus::Rejected);
        // A contact is never held back; nor is a stranger once one request is answered.
        QVERIFY(PeerRepository(*m_db).recordSeen(alice, QStringLiteral("Alice"), {}, {}));
        QVERIFY(PeerRepository(*m_db).setContact(alice, true));
        QCOMPARE(m_store->receive(incoming(alice, QStringLiteral("hello"))).status,
                 ReceiveStatus::Stored);
        ConversationRepository conversations(*m_db, self);
        QVERIFY(conversations.ignore(stranger(0)));
        QCOMPARE(m_store->receive(extra).status, ReceiveStatus::Stored); // it came again
        QCOMPARE(conversations.pendingRequestCount(), max);
    }

    void aRequestHoldsOnlySoManyMessages()
    {
        constexpr int max = ConversationRepository::MaxMessagesPerRequest;
        QList<IncomingMessage> batch;
        for (int i = 0; i < max + 5; ++i)
            batch << incoming(bob, QStringLiteral("spam %1").arg(i));
        const auto results = m_store->receiveBatch(batch);
        QVERIFY(results);
        QCOMPARE(
            std::count_if(results->begin(), results->end(),
                          [](const ReceiveResult &r) { return r.status == ReceiveStatus::Stored; }),
            max);
        QCOMPARE(results->last().status, ReceiveStatus::Rejected);
        // A retransmission of a stored one is still a duplicate, so its sender hears "delivered".
        QCOMPARE(m_store->receive(batch.first()).status, ReceiveStatus::Duplicate);
        // Accepted, the rest goes in.
        QVERIFY(ConversationRepository(*m_db, self).accept(bob));
        QCOMPARE(m_store->receive(batch.last()).status, ReceiveStatus::Stored);
    }

    // Who may invite us into groups and introduce peers: contacts, verified keys, and peers we
    // talk to in an accepted direct conversation; never a stranger or a blocked key.
    void knownPeers()
    {
        PeerRepository peers(*m_db);
        const QString contact = stranger(20), verified = stranger(21), wroteTo = stranger(22),
                      requester = stranger(23), blocked = stranger(24);
        for (const QString &id : {contact, verified, wroteTo, requester, blocked})
            QVERIFY(peers.recordSeen(id, QStringLiteral("p"), {}, QDateTime::currentDateTimeUtc()));
        QVERIFY(peers.setContact(contact, true));
        QVERIFY(peers.setTrust(verified, Trust::Verified));
        QVERIFY(m_store->send(outgoing(wroteTo, QStringLiteral("hi"))));
        QCOMPARE(m_store->receive(incoming(requester, QStringLiteral("hi?"))).status,
                 ReceiveStatus::Stored);
        QVERIFY(peers.setContact(blocked, true));
        QVERIFY(peers.setTrust(blocked, Trust::Blocked));
        QVERIFY(peers.isKnown(contact));
        QVERIFY(peers.isKnown(verified));
        QVERIFY(peers.isKnown(wroteTo));
        QVERIFY(!peers.isKnown(requester));
        QVERIFY(!peers.isKnown(blocked));
        QVERIFY(!peers.isKnown(stranger(25))); // never seen
    }

    void strangersWhoLeftNothingAreForgotten()
    {
        PeerRepository peers(*m_db);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // Five strangers who only connected, seen 1..5 days ago; and others who left something.
        for (int i = 1; i <= 5; ++i)
            QVERIFY(
                peers.recordSeen(stranger(i), QStringLiteral("s%1").arg(i), {}, now.addDays(-i)));
        const QString contact = stranger(10), blocked = stranger(11), wrote = stranger(12),
                      renamed = stranger(13);
        for (const QString &id : {contact, blocked, wrote, renamed})
            QVERIFY(peers.recordSeen(id, QStringLiteral("old"), {}, now.addDays(-100)));
        QVERIFY(peers.setContact(contact, true));
        QVERIFY(peers.setTrust(blocked, Trust::Blocked));
        QVERIFY(peers.setAlias(renamed, QStringLiteral("The plumber")));
        QCOMPARE(m_store->receive(incoming(wrote, QStringLiteral("a request"))).status,
                 ReceiveStatus::Stored);

        // Not seen for 4 days goes; of the rest, the two seen last stay.
        QCOMPARE(peers.forgetStrangers(now.addDays(-4).addSecs(-1), 2), 3);
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(peers.find(stranger(i)).has_value(), i <= 2);
        for (const QString &id : {contact, blocked, wrote, renamed})
            QVERIFY(peers.find(id));
    }
};

QTEST_GUILESS_MAIN(TestStoreLimits)
#include "tst_store_limits.moc"
