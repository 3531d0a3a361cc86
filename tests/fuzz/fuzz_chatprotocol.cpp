// libFuzzer target for the chat message decoders (msg, edit, del, ack, read, typing) and the
// history pages between one's own devices (hreq, hpage): what an
// authenticated peer, or anyone who stole a peer's key, can make this node store.
// Input: the CBOR payload of one frame. Checked: what a decoder accepts keeps its limits and
// survives encode → decode unchanged.
//   build/fuzz/tests/fuzz/fuzz_chatprotocol tests/fuzz/corpus/chatprotocol
#include "chat/chatprotocol.h"
#include "devices/historyprotocol.h"
#include "fuzzinput.h"

using namespace Tincan;
using namespace Tincan::ChatProtocol;
using FuzzInput::check;

namespace {
bool isUuid(const QString &uuid)
{
    return !uuid.isEmpty() && canonicalUuid(uuid) == uuid;
}

void checkMessage(const QCborMap &map)
{
    const auto message = decodeMessage(map);
    if (!message)
        return;
    check(isUuid(message->uuid) && message->sentAt.isValid() &&
          message->body.size() <= MaxBodyLength);
    const auto back = decodeMessage(encodeMessage(*message));
    check(back && back->uuid == message->uuid && back->groupId == message->groupId &&
          back->sentAt == message->sentAt && back->body == message->body &&
          back->kind == message->kind && back->replyTo == message->replyTo &&
          back->copyTo == message->copyTo);
}

void checkEdit(const QCborMap &map)
{
    const auto edit = decodeEdit(map);
    if (!edit)
        return;
    const auto back = decodeEdit(encodeEdit(*edit));
    check(back && back->uuid == edit->uuid && back->body == edit->body &&
          back->editedAt == edit->editedAt);
}

void checkDelete(const QCborMap &map)
{
    const auto uuid = decodeDelete(map);
    if (!uuid)
        return;
    check(isUuid(*uuid) && decodeDelete(encodeDelete(*uuid)) == uuid);
}

void checkAck(const QCborMap &map)
{
    const auto items = decodeAck(map);
    if (!items)
        return;
    check(items->size() <= MaxIdsPerMessage);
    const auto back = decodeAck(encodeAck(*items));
    check(back && back->size() == items->size());
    for (qsizetype i = 0; i < items->size(); ++i)
        check(isUuid(items->at(i).uuid) && back->at(i).uuid == items->at(i).uuid &&
              back->at(i).kind == items->at(i).kind);
}

void checkRead(const QCborMap &map)
{
    const auto uuids = decodeRead(map);
    if (!uuids)
        return;
    check(uuids->size() <= MaxIdsPerMessage && decodeRead(encodeRead(*uuids)) == uuids);
}

void checkTyping(const QCborMap &map)
{
    const auto typing = decodeTyping(map);
    if (!typing)
        return;
    const auto back = decodeTyping(encodeTyping(*typing));
    check(back && back->groupId == typing->groupId && back->typing == typing->typing);
}
// History pages come only from one's own devices, but are checked like anyone's frames.
void checkHistory(const QCborMap &map)
{
    if (const auto request = HistoryProtocol::decodeRequest(map)) {
        const auto back = HistoryProtocol::decodeRequest(HistoryProtocol::encodeRequest(*request));
        check(request->after >= 0 && back && back->after == request->after &&
              back->allHistory == request->allHistory);
    }
    const auto page = HistoryProtocol::decodePage(map);
    if (!page)
        return;
    check(page->items.size() <= HistoryProtocol::MaxItems && page->lastSeq >= 0);
    for (const HistoryItem &item : page->items)
        check(isUuid(item.uuid) && isValidPeerId(item.senderId) &&
              isValidPeerId(item.conversation) && item.body.size() <= MaxBodyLength);
    const auto back = HistoryProtocol::decodePage(HistoryProtocol::encodePage(*page));
    check(back && back->items.size() == page->items.size() &&
          back->peers.size() == page->peers.size() && back->lastSeq == page->lastSeq &&
          back->remaining == page->remaining && back->done == page->done);
    for (qsizetype i = 0; i < page->items.size(); ++i)
        check(back->items.at(i).uuid == page->items.at(i).uuid &&
              back->items.at(i).body == page->items.at(i).body &&
              back->items.at(i).sentAt == page->items.at(i).sentAt &&
              back->items.at(i).editedAt == page->items.at(i).editedAt);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto map = FuzzInput::payloadMap(data, size);
    if (!map)
        return 0;
    // Every decoder sees every map: a peer chooses "t", the decoders must not rely on it.
    checkMessage(*map);
    checkEdit(*map);
    checkDelete(*map);
    checkAck(*map);
    checkRead(*map);
    checkTyping(*map);
    checkHistory(*map);
    return 0;
}
