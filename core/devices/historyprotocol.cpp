#include "historyprotocol.h"

#include "chat/chatprotocol.h"
#include "util/displayname.h"

#include <QCborArray>

namespace Tincan::HistoryProtocol {

namespace {
const QString kType = QStringLiteral("t");
const QString kAfter = QStringLiteral("after");
const QString kAll = QStringLiteral("all");
const QString kLast = QStringLiteral("last");
const QString kLeft = QStringLiteral("left");
const QString kDone = QStringLiteral("done");
const QString kMessages = QStringLiteral("msgs");
const QString kPeers = QStringLiteral("peers");
const QString kId = QStringLiteral("id");
const QString kConversation = QStringLiteral("c");
const QString kSender = QStringLiteral("s");
const QString kOutgoing = QStringLiteral("o");
const QString kTime = QStringLiteral("ts");
const QString kBody = QStringLiteral("body");
const QString kState = QStringLiteral("st");
const QString kReply = QStringLiteral("re");
const QString kEdited = QStringLiteral("ed");
const QString kDeleted = QStringLiteral("del");
const QString kName = QStringLiteral("n");
const QString kAlias = QStringLiteral("a");
const QString kContact = QStringLiteral("k");
constexpr qsizetype MaxNameBytes = 128;

bool isCount(const QCborValue &value)
{
    return value.isInteger() && value.toInteger() >= 0;
}

QCborMap encodeItem(const HistoryItem &item)
{
    QCborMap map;
    map.insert(kId, item.uuid);
    map.insert(kConversation, item.conversation);
    map.insert(kSender, item.senderId);
    if (item.outgoing)
        map.insert(kOutgoing, true);
    map.insert(kTime, item.sentAt.toMSecsSinceEpoch());
    map.insert(kBody, item.body);
    map.insert(kState, static_cast<int>(item.state));
    if (!item.replyTo.isEmpty())
        map.insert(kReply, item.replyTo);
    if (item.editedAt.isValid())
        map.insert(kEdited, item.editedAt.toMSecsSinceEpoch());
    if (item.deleted)
        map.insert(kDeleted, true);
    return map;
}

std::optional<HistoryItem> decodeItem(const QCborValue &value)
{
    const QCborMap map = value.toMap();
    HistoryItem item;
    item.uuid = canonicalUuid(map.value(kId).toString());
    item.conversation = map.value(kConversation).toString();
    item.senderId = map.value(kSender).toString();
    item.outgoing = map.value(kOutgoing).toBool(false);
    const auto sentAt = ChatProtocol::timeOf(map.value(kTime));
    const QCborValue body = map.value(kBody);
    const QCborValue state = map.value(kState);
    const QCborValue reply = map.value(kReply);
    const QCborValue edited = map.value(kEdited);
    if (!value.isMap() || item.uuid.isEmpty() || !isValidPeerId(item.conversation) ||
        !isValidPeerId(item.senderId) || !sentAt || !body.isString() ||
        body.toString().size() > ChatProtocol::MaxBodyLength || !state.isInteger() ||
        state.toInteger() < int(MessageState::Failed) ||
        state.toInteger() > int(MessageState::Read))
        return std::nullopt;
    item.sentAt = *sentAt;
    item.body = body.toString();
    item.state = static_cast<MessageState>(state.toInteger());
    if (!reply.isUndefined()) {
        item.replyTo = canonicalUuid(reply.toString());
        if (item.replyTo.isEmpty())
            return std::nullopt;
    }
    if (!edited.isUndefined()) {
        const auto at = ChatProtocol::timeOf(edited);
        if (!at)
            return std::nullopt;
        item.editedAt = *at;
    }
    item.deleted = map.value(kDeleted).toBool(false);
    return item;
}
} // namespace

QCborMap encodeRequest(const Request &request)
{
    QCborMap map;
    map.insert(kType, Type::Request);
    map.insert(kAfter, request.after);
    if (request.allHistory)
        map.insert(kAll, true);
    return map;
}

std::optional<Request> decodeRequest(const QCborMap &map)
{
    const QCborValue after = map.value(kAfter);
    if (!isCount(after))
        return std::nullopt;
    return Request{after.toInteger(), map.value(kAll).toBool(false)};
}

QCborMap encodePage(const HistoryChunk &chunk)
{
    QCborMap map;
    map.insert(kType, Type::Page);
    map.insert(kLast, chunk.lastSeq);
    map.insert(kLeft, chunk.remaining);
    map.insert(kDone, chunk.done);
    QCborArray items;
    for (const HistoryItem &item : chunk.items)
        items.append(encodeItem(item));
    map.insert(kMessages, items);
    QCborArray peers;
    for (const HistoryPeer &peer : chunk.peers) {
        QCborMap entry;
        entry.insert(kId, peer.id);
        entry.insert(kName, peer.name);
        if (!peer.alias.isEmpty())
            entry.insert(kAlias, peer.alias);
        if (peer.contact)
            entry.insert(kContact, true);
        peers.append(entry);
    }
    map.insert(kPeers, peers);
    return map;
}

std::optional<HistoryChunk> decodePage(const QCborMap &map)
{
    const QCborValue last = map.value(kLast);
    const QCborValue left = map.value(kLeft);
    const QCborValue done = map.value(kDone);
    const QCborValue items = map.value(kMessages);
    const QCborValue peers = map.value(kPeers);
    if (!isCount(last) || !isCount(left) || !done.isBool() || !items.isArray() ||
        items.toArray().size() > MaxItems || !peers.isArray() || peers.toArray().size() > MaxItems)
        return std::nullopt;
    HistoryChunk chunk;
    chunk.lastSeq = last.toInteger();
    chunk.remaining = left.toInteger();
    chunk.done = done.toBool();
    for (const QCborValue &value : items.toArray()) {
        auto item = decodeItem(value);
        if (!item)
            return std::nullopt;
        chunk.items << *item;
    }
    for (const QCborValue &value : peers.toArray()) {
        const QCborMap entry = value.toMap();
        HistoryPeer peer;
        peer.id = entry.value(kId).toString();
        if (!isValidPeerId(peer.id) || !entry.value(kName).isString())
            return std::nullopt;
        peer.name = sanitizedName(entry.value(kName).toString(), MaxNameBytes);
        peer.alias = sanitizedName(entry.value(kAlias).toString(), MaxNameBytes);
        peer.contact = entry.value(kContact).toBool(false);
        chunk.peers << peer;
    }
    return chunk;
}

} // namespace Tincan::HistoryProtocol
