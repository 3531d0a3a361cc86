// Writes the seed corpora of the frame and message decoder targets with the real encoders:
// one valid message of each type plus a few edge cases, so that the fuzzer starts from inputs
// that reach deep into each decoder. Run once and commit the output; rerun after a protocol
// change:  build/fuzz/tests/fuzz/fuzz_make_seeds tests/fuzz/corpus
#include "chat/chatprotocol.h"
#include "crypto/account.h"
#include "crypto/hpke.h"
#include "crypto/identity.h"
#include "devices/historyprotocol.h"
#include "groups/groupevent.h"
#include "groups/groupprotocol.h"
#include "mailbox/envelope.h"
#include "mailbox/mailboxprotocol.h"
#include "net/frame.h"
#include "net/protocol.h"

#include <QCborArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>

using namespace Tincan;

namespace {
QString root;

void write(const QString &target, const QString &name, const QByteArray &bytes)
{
    QDir().mkpath(root + u'/' + target);
    QFile file(root + u'/' + target + u'/' + name);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
        std::exit(1);
    }
}

QByteArray cbor(const QCborMap &map)
{
    return map.toCborValue().toCbor();
}

const QString uuid1 = QStringLiteral("0190a8b2-7c1e-7d3a-9f00-0123456789ab");
const QString uuid2 = QStringLiteral("0190a8b2-7c1e-7d3a-9f00-0123456789ac");
const QDateTime when = QDateTime::fromMSecsSinceEpoch(1767225600000LL).toUTC();
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fputs("usage: fuzz_make_seeds <corpus dir>\n", stderr);
        return 2;
    }
    root = QString::fromLocal8Bit(argv[1]);
    QTemporaryDir tmp;
    QDir(tmp.path()).mkpath(QStringLiteral("a"));
    QDir(tmp.path()).mkpath(QStringLiteral("b"));
    QString error;
    const auto alice = Identity::loadOrCreate(tmp.filePath(QStringLiteral("a")), &error);
    const auto bob = Identity::loadOrCreate(tmp.filePath(QStringLiteral("b")), &error);
    if (!alice || !bob) {
        std::fprintf(stderr, "identity: %s\n", qPrintable(error));
        return 1;
    }

    // Session messages.
    const auto aliceAccount =
        Account::loadOrCreate(tmp.filePath(QStringLiteral("a")), alice->id(), &error);
    if (!aliceAccount) {
        std::fprintf(stderr, "account: %s\n", qPrintable(error));
        return 1;
    }
    Protocol::Hello hello{Protocol::Version,
                          alice->id(),
                          QStringLiteral("Alice"),
                          4242,
                          {QStringLiteral("chat"), QStringLiteral("groups")},
                          {},
                          QByteArray(Protocol::LinkIdSize, 'l'),
                          QByteArray(Protocol::LinkIdSize, 'r'),
                          {}};
    hello.account = aliceAccount->devices().signedForm;
    const QCborMap helloMap = Protocol::encodeHello(hello);
    Protocol::Hello joining = hello; // a new device asking to join (protocol.md, "Linking")
    joining.linkOffer = QByteArray(Protocol::LinkIdSize, 'k');
    const QCborMap peersMap = Protocol::encodePeers(
        {{bob->id(),
          QStringLiteral("Bob"),
          {QStringLiteral("10.0.0.2:4242"), QStringLiteral("[fe80::1%eth0]:4243")}}});
    write(QStringLiteral("protocol"), QStringLiteral("hello"), cbor(helloMap));
    write(QStringLiteral("protocol"), QStringLiteral("hello-link"),
          cbor(Protocol::encodeHello(joining)));
    write(QStringLiteral("protocol"), QStringLiteral("peers"), cbor(peersMap));
    QCborMap helloBig = helloMap;
    helloBig.insert(QStringLiteral("v"), qint64(1) << 40);
    write(QStringLiteral("protocol"), QStringLiteral("hello-huge-version"), cbor(helloBig));

    // Chat messages.
    const ChatProtocol::ChatMessage message{
        uuid1, {}, when, QStringLiteral("hello 👋"), MessageKind::Text, uuid2, {}};
    const QCborMap messageMap = ChatProtocol::encodeMessage(message);
    ChatProtocol::ChatMessage groupMessage = message;
    groupMessage.groupId = uuid2;
    groupMessage.kind = MessageKind::Event;
    groupMessage.replyTo.clear();
    const QCborMap chat[] = {
        messageMap,
        ChatProtocol::encodeMessage(groupMessage),
        ChatProtocol::encodeEdit({uuid1, QStringLiteral("edited"), when}),
        ChatProtocol::encodeDelete(uuid1),
        ChatProtocol::encodeAck({{uuid1, OutboxKind::Message}, {uuid2, OutboxKind::ReadReceipt}}),
        ChatProtocol::encodeRead({uuid1, uuid2}),
        ChatProtocol::encodeTyping({uuid2, true}),
    };
    const char *chatNames[] = {"msg", "msg-group", "edit", "del", "ack", "read", "typing"};
    for (int i = 0; i < 7; ++i)
        write(QStringLiteral("chatprotocol"), QString::fromLatin1(chatNames[i]), cbor(chat[i]));
    ChatProtocol::ChatMessage copy = message;
    copy.copyTo = QString(64, u'b');
    write(QStringLiteral("chatprotocol"), QStringLiteral("msg-copy"),
          cbor(ChatProtocol::encodeMessage(copy)));
    // History for a new device, through the same target.
    HistoryChunk chunk;
    chunk.lastSeq = 42;
    chunk.remaining = 7;
    chunk.items << HistoryItem{uuid1,
                               QString(64, u'b'),
                               QString(64, u'a'),
                               true,
                               when,
                               QStringLiteral("old news"),
                               MessageState::Read,
                               uuid2,
                               when,
                               false};
    chunk.peers << HistoryPeer{QString(64, u'b'), QStringLiteral("Ben"), QStringLiteral("B"), true};
    write(QStringLiteral("chatprotocol"), QStringLiteral("hpage"),
          cbor(HistoryProtocol::encodePage(chunk)));
    write(QStringLiteral("chatprotocol"), QStringLiteral("hreq"),
          cbor(HistoryProtocol::encodeRequest({42, true})));

    // Group messages: real signed events.
    GroupEvent create;
    create.op = GroupOp::Create;
    create.actor = alice->id();
    create.name = QStringLiteral("Team");
    create.lamport = 1;
    create.ts = when;
    const auto created = signGroupEvent(*alice, create);
    GroupEvent add = *created;
    add.op = GroupOp::Add;
    add.targets = {bob->id()};
    add.lamport = 2;
    add.prev = {created->id};
    add.nonce.clear();
    const auto added = signGroupEvent(*alice, add);
    if (!created || !added) {
        std::fputs("cannot sign the group events\n", stderr);
        return 1;
    }
    const QCborMap events =
        GroupProtocol::encodeEvents(created->group, {created->payload(), added->payload()}).first();
    write(QStringLiteral("groupprotocol"), QStringLiteral("gev"), cbor(events));
    write(QStringLiteral("groupprotocol"), QStringLiteral("event-create"), created->payload());
    write(QStringLiteral("groupprotocol"), QStringLiteral("event-add"), added->payload());
    write(QStringLiteral("groupprotocol"), QStringLiteral("gsync"),
          cbor(GroupProtocol::encodeSync(
              {{created->group, GroupProtocol::logDigest({created->id, added->id})}})));

    // Mailboxes: every frame, with a real envelope sealed from Alice to a fixed key (the one
    // fuzz_mailbox opens with), so that the fuzzer starts inside HPKE and the signature check.
    const auto recipient = Hpke::deriveKeyPair(QByteArray(32, 'k'));
    const EnvelopeHeader header{MailboxProtocol::slotOf(bob->id()), 1798761600};
    const auto sealed =
        Envelopes::seal(header, cbor(messageMap), *alice, recipient->publicKey, &error);
    if (!sealed) {
        std::fprintf(stderr, "cannot seal: %s\n", qPrintable(error));
        return 1;
    }
    const QByteArray envelope = Envelopes::encode(*sealed);
    const QString mailbox = QStringLiteral("mailbox");
    write(mailbox, QStringLiteral("mbput"), cbor(MailboxProtocol::encodePut({7, envelope})));
    write(mailbox, QStringLiteral("mbenv"),
          cbor(MailboxProtocol::encodeBatch({{{1, envelope}, {2, envelope}}, true})));
    write(mailbox, QStringLiteral("mbdel"), cbor(MailboxProtocol::encodeDelete({1, 2, 3})));
    write(mailbox, QStringLiteral("mbptr"),
          cbor(MailboxProtocol::encodePutReply({7, MailboxProtocol::PutStatus::Full})));
    write(mailbox, QStringLiteral("mbusr"),
          cbor(MailboxProtocol::encodeUseReply(MailboxProtocol::UseAnswer::Accepted)));
    write(mailbox, QStringLiteral("mbuse"), cbor(MailboxProtocol::encodeUse(true)));
    write(mailbox, QStringLiteral("mbrec"),
          cbor(MailboxProtocol::encodeRecord(
              {alice->id(), recipient->publicKey, bob->id(), when.toMSecsSinceEpoch()}, *alice)));

    // Frames: a stream of every message, then edge cases of the framing itself.
    QByteArray stream(1, '\x05'); // byte 0: read 5 bytes at a time
    for (const QCborMap &map : {helloMap, peersMap, messageMap, events})
        stream += encodeFrame(map);
    write(QStringLiteral("frame"), QStringLiteral("stream"), stream);
    write(QStringLiteral("frame"), QStringLiteral("truncated"),
          QByteArray(1, '\0') + encodeFrame(helloMap).chopped(3));
    write(QStringLiteral("frame"), QStringLiteral("huge-length"),
          QByteArray("\x00\xff\xff\xff\xff", 5));
    write(QStringLiteral("frame"), QStringLiteral("not-a-map"),
          QByteArray(1, '\x01') + QByteArray("\x00\x00\x00\x02\x81\x01", 6));
    write(QStringLiteral("frame"), QStringLiteral("trailing"),
          QByteArray(1, '\x02') + QByteArray("\x00\x00\x00\x02\xa0\x00", 6));
    std::printf("seeds written to %s\n", qPrintable(root));
    return 0;
}
