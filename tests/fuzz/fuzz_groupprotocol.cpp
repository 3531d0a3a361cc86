// libFuzzer target for group messages: gev (batches of signed membership events), gsync
// (log digests) and the signed event itself, whose body is parsed before its signature is
// checked. Input: the CBOR payload of one frame; when it is not a gev, it is also tried as one
// signed event payload ({body, sig, cert}). Checked: accepted batches and syncs keep their
// limits and survive encode → decode; an event that verifies keeps its id on a second parse.
//   build/fuzz/tests/fuzz/fuzz_groupprotocol tests/fuzz/corpus/groupprotocol
#include "fuzzinput.h"
#include "groups/groupevent.h"
#include "groups/groupprotocol.h"
#include "store/storetypes.h"

using namespace Tincan;
using namespace Tincan::GroupProtocol;
using FuzzInput::check;

namespace {
void checkEvent(const QByteArray &payload)
{
    QString why;
    const auto event = parseGroupEvent(payload, &why);
    if (!event) {
        check(!why.isEmpty());
        return;
    }
    check(isValidPeerId(event->actor) && isValidPeerId(event->id) &&
          event->targets.size() <= MaxGroupTargets && event->lamport >= 1 &&
          event->lamport <= MaxLamport);
    const auto again = parseGroupEvent(event->payload(), &why);
    check(again && again->id == event->id && again->group == event->group &&
          again->op == event->op && again->targets == event->targets);
}

bool checkEvents(const QCborMap &map)
{
    const auto events = decodeEvents(map);
    if (!events)
        return false;
    check(events->payloads.size() <= MaxEventsPerMessage);
    const QList<QCborMap> back = encodeEvents(events->groupId, events->payloads);
    check(back.size() <= 1);
    if (!back.isEmpty()) {
        const auto again = decodeEvents(back.first());
        check(again && again->groupId == events->groupId && again->payloads == events->payloads);
    }
    for (const QByteArray &payload : events->payloads)
        checkEvent(payload);
    return true;
}

void checkSync(const QCborMap &map)
{
    const auto items = decodeSync(map);
    if (!items)
        return;
    check(items->size() <= MaxGroupsPerSync);
    const auto back = decodeSync(encodeSync(*items));
    check(back && back->size() == items->size());
    for (qsizetype i = 0; i < items->size(); ++i)
        check(back->at(i).groupId == items->at(i).groupId &&
              back->at(i).digest == items->at(i).digest);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto map = FuzzInput::payloadMap(data, size);
    if (!map)
        return 0;
    if (!checkEvents(*map))
        checkEvent(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    checkSync(*map);
    return 0;
}
