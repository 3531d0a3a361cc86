#include "chat/messenger.h"
#include "net/sessionmanager.h"
#include "rawtlspeer.h"
#include "store/peerrepository.h"
#include "store/searchindex.h"
#include "testnode.h"

#include <QSignalSpy>
#include <QTest>

#include <tuple>

using namespace Tincan;

namespace {
constexpr int Timeout = 20000;

bool connected(TestNode &a, TestNode &b)
{
    return a->sessions().isConnected(b.id()) && b->sessions().isConnected(a.id());
}

void link(TestNode &a, TestNode &b)
{
    QString error;
    QVERIFY2(a->connectTo(b.address(), &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(connected(a, b), Timeout);
}

// Sends text and waits until the sender sees it delivered. Also a barrier: from then on the
// sender's session has flushed its outbox to the recipient.
void deliver(TestNode &from, TestNode &to, const QString &text, QString *uuid)
{
    QString error;
    const auto sent = from->messenger().sendText(to.id(), text, {}, &error);
    QVERIFY2(sent, qPrintable(error));
    *uuid = sent->uuid;
    QTRY_COMPARE_WITH_TIMEOUT(from->messenger().messages().find(sent->uuid)->state,
                              MessageState::Delivered, Timeout);
}

QList<MessageRecord> fullHistory(Messenger &messenger, const QString &conversation)
{
    QList<MessageRecord> all;
    std::optional<HistoryCursor> cursor;
    do {
        const auto page = messenger.messages().history(conversation, 200, cursor);
        if (!page)
            return {};
        all += page->messages;
        cursor = page->next;
    } while (cursor);
    std::reverse(all.begin(), all.end()); // oldest first
    return all;
}

QStringList uuids(const QList<MessageRecord> &messages)
{
    QStringList list;
    for (const MessageRecord &m : messages)
        list.append(m.uuid);
    return list;
}
} // namespace

class TestMessaging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void interleavedTrafficGivesIdenticalOrderedHistories()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        link(a, b);
        QString error;
        for (int i = 0; i < 1000; ++i) {
            QVERIFY(a->messenger().sendText(b.id(), QStringLiteral("a→b %1").arg(i), {}, &error));
            QVERIFY(b->messenger().sendText(a.id(), QStringLiteral("b→a %1").arg(i), {}, &error));
            if (i % 100 == 0)
                QCoreApplication::processEvents(); // let traffic flow while we keep sending
        }
        QTRY_VERIFY_WITH_TIMEOUT(a->messenger().outbox().pendingCount() == 0 &&
                                     b->messenger().outbox().pendingCount() == 0,
                                 Timeout);
        const auto historyA = fullHistory(a->messenger(), b.id());
        const auto historyB = fullHistory(b->messenger(), a.id());
        QCOMPARE(historyA.size(), 2000);
        QCOMPARE(uuids(historyA), uuids(historyB));
        const QStringList ids = uuids(historyA);
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 2000);
        // Each sender's messages keep their order.
        int lastA = -1;
        for (const MessageRecord &m : historyB) {
            if (m.body.startsWith(QStringLiteral("a→b "))) {
                const int n = m.body.mid(4).toInt();
                QCOMPARE(n, lastA + 1);
                lastA = n;
            }
        }
        QCOMPARE(lastA, 999);
        for (const MessageRecord &m : historyA) {
            if (m.outgoing)
                QCOMPARE(m.state, MessageState::Delivered);
        }
    }

    void batchedSendArrivesWholeAndInOrder()
    {
        // More than the sender's in-flight window (2000), so later flushes read past the
        // entries already on the wire.
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        link(a, b);
        // A contact: a stranger's message request would take only its first 100 messages.
        QVERIFY(b->peers().setContact(a.id(), true));
        QString error;
        for (int batch = 0; batch < 5; ++batch) {
            QStringList texts;
            for (int i = 0; i < 1000; ++i)
                texts.append(QStringLiteral("%1").arg(batch * 1000 + i));
            const auto sent = a->messenger().sendTexts(b.id(), texts, &error);
            QVERIFY2(sent, qPrintable(error));
            QCOMPARE(sent->size(), 1000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(a->messenger().outbox().pendingCount() == 0, Timeout);
        const auto history = fullHistory(b->messenger(), a.id());
        QCOMPARE(history.size(), 5000);
        for (int i = 0; i < history.size(); ++i)
            QCOMPARE(history.at(i).body, QString::number(i));
        // All or nothing: one empty text refuses the whole batch and names it.
        QVERIFY(!a->messenger().sendTexts(b.id(), {QStringLiteral("fine"), QStringLiteral("  ")},
                                          &error));
        QVERIFY2(error.contains(QStringLiteral("message 2 of 2")), qPrintable(error));
        QCOMPARE(fullHistory(a->messenger(), b.id()).size(), 5000);
    }

    void messagesSurviveASimultaneousConnect()
    {
        // Both dial at once; one of the two sessions is dropped as a duplicate, possibly with
        // messages in flight on it. They must go again on the surviving one, not 30 s later.
        for (int round = 0; round < 3; ++round) {
            TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
            QString error;
            QVERIFY(a->connectTo(b.address(), &error));
            QVERIFY(b->connectTo(a.address(), &error));
            QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(b.id()), Timeout);
            for (int i = 0; i < 100; ++i)
                QVERIFY(a->messenger().sendText(b.id(), QStringLiteral("m%1").arg(i), {}, &error));
            QTRY_VERIFY_WITH_TIMEOUT(a->messenger().outbox().pendingCount() == 0, 10000);
            QCOMPARE(fullHistory(b->messenger(), a.id()).size(), 100);
        }
    }

    void messagesSentWhileTheLinkIsReplacedArriveOnce()
    {
        // A second link to a connected device appears (as a LAN link would while an internet
        // one is up) and the router swaps it in on both ends, with traffic both ways before,
        // during and after the swap. Every message must be stored once on the other side.
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        // The lower id's link wins (SessionManager::keepsNewLink): the higher dials first.
        TestNode &lower = a.id() < b.id() ? a : b;
        TestNode &higher = a.id() < b.id() ? b : a;
        link(higher, lower);
        QCOMPARE(lower->sessions().link(higher.id())->direction(), Link::Direction::Incoming);
        QSignalSpy replacedLower(&lower->sessions(), &SessionManager::sessionReplaced);
        QSignalSpy replacedHigher(&higher->sessions(), &SessionManager::sessionReplaced);

        QString error;
        int n = 0;
        auto sendBoth = [&](int count) {
            for (int i = 0; i < count; ++i, ++n) {
                QVERIFY(lower->messenger().sendText(higher.id(), QStringLiteral("l%1").arg(n), {},
                                                    &error));
                QVERIFY(higher->messenger().sendText(lower.id(), QStringLiteral("h%1").arg(n), {},
                                                     &error));
            }
        };
        sendBoth(100); // on the wire, unacknowledged, when the new link arrives
        QVERIFY(lower->connectTo(higher.address(), &error));
        for (int round = 0; round < 20; ++round) {
            sendBoth(10);
            QCoreApplication::processEvents();
        }
        QTRY_VERIFY_WITH_TIMEOUT(replacedLower.count() == 1 && replacedHigher.count() == 1,
                                 Timeout);
        QCOMPARE(lower->sessions().link(higher.id())->direction(), Link::Direction::Outgoing);
        QCOMPARE(higher->sessions().link(lower.id())->direction(), Link::Direction::Incoming);
        sendBoth(100);
        QTRY_VERIFY_WITH_TIMEOUT(lower->messenger().outbox().pendingCount() == 0 &&
                                     higher->messenger().outbox().pendingCount() == 0,
                                 Timeout);

        for (auto [receiver, sender, prefix] :
             {std::tuple{&lower, &higher, u'h'}, std::tuple{&higher, &lower, u'l'}}) {
            const auto received = fullHistory((*receiver)->messenger(), sender->id());
            QStringList bodies;
            for (const MessageRecord &m : received) {
                QVERIFY(!m.outgoing || m.state == MessageState::Delivered);
                if (!m.outgoing)
                    bodies.append(m.body);
            }
            QCOMPARE(bodies.size(), n);
            QCOMPARE(QSet<QString>(bodies.begin(), bodies.end()).size(), n);
            for (const QString &body : std::as_const(bodies))
                QCOMPARE(body.front(), prefix);
        }
        QCOMPARE(replacedLower.count(), 1); // one swap, no flapping afterwards
    }

    void offlinePeerReceivesQueuedMessagesInOrder()
    {
        TestNode a(QStringLiteral("Alice"));
        auto b = std::make_unique<TestNode>(QStringLiteral("Bob"));
        link(a, *b);
        const QString bId = b->id();
        b->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!a->sessions().isConnected(bId), Timeout);

        QString error;
        for (int i = 0; i < 50; ++i)
            QVERIFY(a->messenger().sendText(bId, QStringLiteral("queued %1").arg(i), {}, &error));
        QCOMPARE(a->messenger().outbox().pendingCount(bId), 50);
        QCOMPARE(a->messenger().messages().history(bId, 1)->messages.first().state,
                 MessageState::Queued);

        QVERIFY(b->start());
        QTRY_COMPARE_WITH_TIMEOUT(a->messenger().outbox().pendingCount(bId), 0, Timeout);
        const auto received = fullHistory((*b)->messenger(), a.id());
        QCOMPARE(received.size(), 50);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(received.at(i).body, QStringLiteral("queued %1").arg(i));
    }

    void statesGoQueuedSentDeliveredRead()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        QSignalSpy states(&a->messenger(), &Messenger::messageStateChanged);
        QString error;
        const auto sent = a->messenger().sendText(b.id(), QStringLiteral("hello"), {}, &error);
        QVERIFY(sent);
        QCOMPARE(sent->state, MessageState::Queued); // nobody to send it to yet
        link(a, b);
        QTRY_VERIFY_WITH_TIMEOUT(
            a->messenger().messages().find(sent->uuid)->state == MessageState::Delivered, Timeout);
        QVERIFY(b->messenger().markRead(a.id()));
        QTRY_VERIFY_WITH_TIMEOUT(
            a->messenger().messages().find(sent->uuid)->state == MessageState::Read, Timeout);
        QList<MessageState> seen;
        for (const auto &args : states)
            seen.append(args.at(1).value<MessageState>());
        QCOMPARE(seen, (QList<MessageState>{MessageState::Sent, MessageState::Delivered,
                                            MessageState::Read}));
    }

    // A peer whose session has nothing waiting gets a new message at once: its attempt is
    // written in the message's own transaction, so it is born Sent, with no second commit.
    void aMessageToACaughtUpPeerIsSentInItsOwnCommit()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        link(a, b);
        QString first;
        deliver(a, b, QStringLiteral("first"), &first);
        if (QTest::currentTestFailed())
            return;
        QString error;

        QSignalSpy states(&a->messenger(), &Messenger::messageStateChanged);
        const auto sent = a->messenger().sendTexts(
            b.id(), {QStringLiteral("second"), QStringLiteral("third")}, &error);
        QVERIFY2(sent, qPrintable(error));
        for (const MessageRecord &message : *sent) {
            QCOMPARE(message.state, MessageState::Sent);
            QCOMPARE(a->messenger().messages().find(message.uuid)->state, MessageState::Sent);
            const auto receipts = a->messenger().outbox().receipts(message.uuid);
            QVERIFY(receipts && receipts->size() == 1);
            QCOMPARE(receipts->first().state, MessageState::Sent);
        }
        const auto pending = a->messenger().outbox().pendingFor(b.id());
        QVERIFY(pending && pending->size() == 2);
        for (const OutboxEntry &entry : *pending)
            QCOMPARE(entry.attempts, 1); // retried later only if never acknowledged
        QTRY_COMPARE_WITH_TIMEOUT(a->messenger().outbox().pendingCount(b.id()), 0, Timeout);
        QCOMPARE(a->messenger().messages().find(sent->last().uuid)->state, MessageState::Delivered);
        for (const auto &args : states)
            QCOMPARE(args.at(1).value<MessageState>(), MessageState::Delivered);
        QCOMPARE(uuids(fullHistory(b->messenger(), a.id())),
                 (QStringList{first, sent->at(0).uuid, sent->at(1).uuid}));
    }

    // Delivery commits without indexing; each node indexes what it sent and received behind
    // it, on its own, with no search to trigger it.
    void bothSidesIndexWhatTheyStoredWithoutASearch()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        link(a, b);
        QString uuid;
        deliver(a, b, QStringLiteral("findable later"), &uuid);
        SearchIndex sent(a->database()), received(b->database());
        QTRY_COMPARE_WITH_TIMEOUT(sent.pending(), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(received.pending(), 0, Timeout);
    }

    // What was queued first goes first: with read receipts waiting for the peer, a new message
    // is not sent ahead of them but queued behind them.
    void aMessageWaitsBehindWhatIsQueuedForThePeer()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        link(a, b);
        QString error;
        const auto incoming = b->messenger().sendText(a.id(), QStringLiteral("hi"), {}, &error);
        QVERIFY2(incoming, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(a->messenger().messages().find(incoming->uuid), Timeout);
        QString first;
        deliver(a, b, QStringLiteral("first"), &first);
        if (QTest::currentTestFailed())
            return;

        QVERIFY(a->messenger().markRead(b.id())); // queues a read receipt for Bob
        const auto reply = a->messenger().sendText(b.id(), QStringLiteral("reply"), {}, &error);
        QVERIFY2(reply, qPrintable(error));
        QCOMPARE(reply->state, MessageState::Queued);
        QTRY_COMPARE_WITH_TIMEOUT(b->messenger().messages().find(incoming->uuid)->state,
                                  MessageState::Read, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(a->messenger().messages().find(reply->uuid)->state,
                                  MessageState::Delivered, Timeout);
    }

    void readReceiptsCanBeTurnedOff()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        link(a, b);
        b->messenger().setSendReadReceipts(false);
        QString error;
        const auto sent = a->messenger().sendText(b.id(), QStringLiteral("private"), {}, &error);
        QTRY_VERIFY_WITH_TIMEOUT(
            a->messenger().messages().find(sent->uuid)->state == MessageState::Delivered, Timeout);
        QVERIFY(b->messenger().markRead(a.id()));
        QCOMPARE(b->messenger().conversations().find(a.id())->unread, 0);
        // Bob's next message is the barrier: a receipt sent before it would have arrived first.
        const auto after = b->messenger().sendText(a.id(), QStringLiteral("barrier"), {}, &error);
        QVERIFY2(after, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(a->messenger().messages().find(after->uuid).has_value(), Timeout);
        QCOMPARE(a->messenger().messages().find(sent->uuid)->state, MessageState::Delivered);
    }

    void editsAndDeletesPropagate()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        link(a, b);
        QString error;
        const auto sent = a->messenger().sendText(b.id(), QStringLiteral("teh typo"), {}, &error);
        QTRY_VERIFY_WITH_TIMEOUT(b->messenger().messages().find(sent->uuid).has_value(), Timeout);
        QCOMPARE(a->messenger().editMessage(sent->uuid, QStringLiteral("the typo")),
                 ChangeResult::Applied);
        QTRY_COMPARE_WITH_TIMEOUT(b->messenger().messages().find(sent->uuid)->body,
                                  QStringLiteral("the typo"), Timeout);
        QVERIFY(b->messenger().messages().find(sent->uuid)->editedAt.isValid());
        // Only the sender may change a message.
        QCOMPARE(b->messenger().editMessage(sent->uuid, QStringLiteral("forged")),
                 ChangeResult::Forbidden);

        QCOMPARE(a->messenger().deleteMessage(sent->uuid), ChangeResult::Applied);
        QTRY_VERIFY_WITH_TIMEOUT(b->messenger().messages().find(sent->uuid)->deleted, Timeout);
        QVERIFY(b->messenger().messages().find(sent->uuid)->body.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(a->messenger().outbox().pendingCount(), 0, Timeout);
    }

    void typingIsEphemeral()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        link(a, b);
        QString error;
        QVERIFY(a->messenger().sendText(b.id(), QStringLiteral("hi"), {}, &error));
        // The message's own ack must be in before the outbox can show that typing adds nothing.
        QTRY_COMPARE_WITH_TIMEOUT(a->messenger().outbox().pendingCount(), 0, Timeout);
        QSignalSpy typing(&b->messenger(), &Messenger::typingChanged);
        a->messenger().setTyping(b.id(), true);
        QTRY_COMPARE_WITH_TIMEOUT(typing.count(), 1, Timeout);
        QCOMPARE(typing.first().at(0).toString(), a.id());
        QCOMPARE(typing.first().at(2).toBool(), true);
        a->messenger().setTyping(b.id(), false);
        QTRY_COMPARE_WITH_TIMEOUT(typing.count(), 2, Timeout);
        QCOMPARE(a->messenger().outbox().pendingCount(), 0); // never queued, never stored
    }

    void firstMessageFromStrangerIsARequest()
    {
        TestNode a(QStringLiteral("Alice")), b(QStringLiteral("Bob"));
        link(a, b);
        QString error;
        QVERIFY(a->messenger().sendText(b.id(), QStringLiteral("hi, we have not met"), {}, &error));
        QTRY_VERIFY_WITH_TIMEOUT(b->messenger().conversations().find(a.id()).has_value(), Timeout);
        QCOMPARE(b->messenger().conversations().find(a.id())->requestState, RequestState::Pending);
        QVERIFY(b->messenger().conversations().accept(a.id()));
        QCOMPARE(b->messenger().conversations().find(a.id())->requestState, RequestState::Accepted);
    }

    void replayedMessageIsStoredOnceAndAckedTwice()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer raw;
        raw.connectTo(a->port());
        QTRY_VERIFY_WITH_TIMEOUT(raw.isEncrypted(), Timeout);
        raw.sendHello();
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(raw.id()), Timeout);
        const QString uuid = newUuid();
        const QByteArray frame =
            encodeFrame(ChatProtocol::encodeMessage({uuid,
                                                     {},
                                                     QDateTime::currentDateTimeUtc(),
                                                     QStringLiteral("once"),
                                                     MessageKind::Text,
                                                     {},
                                                     {}}));
        raw.sendRaw(frame);
        QTRY_COMPARE_WITH_TIMEOUT(raw.receivedCount(ChatProtocol::Type::Ack), 1, Timeout);
        raw.sendRaw(frame); // a replay, as after a lost acknowledgement
        QTRY_COMPARE_WITH_TIMEOUT(raw.receivedCount(ChatProtocol::Type::Ack), 2, Timeout);
        QCOMPARE(fullHistory(a->messenger(), raw.id()).size(), 1);
    }

    void malformedChatMessagesAreDropped()
    {
        TestNode a(QStringLiteral("Alice"));
        RawTlsPeer raw;
        raw.connectTo(a->port());
        QTRY_VERIFY_WITH_TIMEOUT(raw.isEncrypted(), Timeout);
        raw.sendHello();
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(raw.id()), Timeout);
        const QList<QCborMap> bad{
            {{QStringLiteral("t"), QStringLiteral("msg")}},
            {{QStringLiteral("t"), QStringLiteral("msg")},
             {QStringLiteral("id"), QStringLiteral("not-a-uuid")},
             {QStringLiteral("ts"), 1},
             {QStringLiteral("body"), QStringLiteral("x")}},
            {{QStringLiteral("t"), QStringLiteral("msg")},
             {QStringLiteral("id"), newUuid()},
             {QStringLiteral("ts"), QStringLiteral("yesterday")},
             {QStringLiteral("body"), 42}},
            {{QStringLiteral("t"), QStringLiteral("ack")},
             {QStringLiteral("ids"), QStringLiteral("x")}},
            {{QStringLiteral("t"), QStringLiteral("read")},
             {QStringLiteral("ids"), QCborArray{1, 2}}},
            {{QStringLiteral("t"), QStringLiteral("edit")}, {QStringLiteral("id"), newUuid()}}};
        for (const QCborMap &m : bad)
            raw.sendRaw(encodeFrame(m));
        raw.sendRaw(encodeFrame(QCborMap{{QStringLiteral("t"), QStringLiteral("ping")}}));
        QTRY_VERIFY_WITH_TIMEOUT(raw.hasReceived(QStringLiteral("pong")), Timeout);
        QVERIFY(a->sessions().isConnected(raw.id()));
        QVERIFY(fullHistory(a->messenger(), raw.id()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMessaging)
#include "tst_messaging.moc"
