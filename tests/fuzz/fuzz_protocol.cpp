// libFuzzer target for the session messages every peer sends before and besides chat: hello
// (the first thing read from an authenticated but unknown peer) with its account's signed device
// list, and peer exchange hints.
// Input: the CBOR payload of one frame. Checked: what a decoder accepts keeps its limits and
// survives encode → decode unchanged, so that what we store and forward is what we checked.
//   build/fuzz/tests/fuzz/fuzz_protocol tests/fuzz/corpus/protocol
#include "crypto/devicelist.h"
#include "fuzzinput.h"
#include "net/protocol.h"

using namespace Tincan;
using FuzzInput::check;

namespace {
void checkHello(const QCborMap &map)
{
    QString error;
    const auto hello = Protocol::decodeHello(map, &error);
    if (!hello) {
        check(!error.isEmpty());
        return;
    }
    check(Protocol::isValidId(hello->id) && hello->version >= 1);
    const auto back = Protocol::decodeHello(Protocol::encodeHello(*hello), &error);
    check(back && back->version == hello->version && back->id == hello->id &&
          back->name == hello->name && back->port == hello->port &&
          back->capabilities == hello->capabilities && back->account == hello->account);
    // The account's device list, which every link checks next (signature last).
    const auto list = DeviceList::verify(hello->account, &error);
    if (!list) {
        check(!error.isEmpty());
        return;
    }
    check(Protocol::isValidId(list->accountId) && list->version >= 1 &&
          list->version <= DeviceList::MaxVersion && !list->devices.isEmpty() &&
          list->devices.size() <= DeviceList::MaxDevices);
}

void checkPeers(const QCborMap &map)
{
    const QList<Protocol::PeerHint> hints = Protocol::decodePeers(map);
    check(hints.size() <= Protocol::MaxPeerHints);
    for (const Protocol::PeerHint &hint : hints)
        check(Protocol::isValidId(hint.id) && !hint.addresses.isEmpty() &&
              hint.addresses.size() <= Protocol::MaxAddressesPerHint);
    const QList<Protocol::PeerHint> back = Protocol::decodePeers(Protocol::encodePeers(hints));
    check(back.size() == hints.size());
    for (qsizetype i = 0; i < hints.size(); ++i)
        check(back[i].id == hints[i].id && back[i].name == hints[i].name &&
              back[i].addresses == hints[i].addresses);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto map = FuzzInput::payloadMap(data, size);
    if (!map)
        return 0;
    // Every decoder sees every map: a peer chooses "t", the decoders must not rely on it.
    Protocol::typeOf(*map);
    checkHello(*map);
    checkPeers(*map);
    return 0;
}
