// libFuzzer target for the discovery datagram parser: the one piece of Tincan that reads
// whatever anybody on the LAN sends, before any authentication. Build with clang and
// -DTINCAN_FUZZ=ON, then: fuzz_announcement tests/fuzz/corpus/announcement
#include "discovery/announcement.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace Tincan::Discovery;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto decoded = decodeAnnouncement(input);
    if (!decoded)
        return 0;
    // What gets through must keep every limit the rest of discovery relies on...
    if (decoded->id.size() != 64 || decoded->id != decoded->id.toLower() ||
        decoded->name.toUtf8().size() > MaxNameBytes || decoded->version < 1 ||
        (decoded->kind != Kind::Goodbye && decoded->port == 0))
        std::abort();
    // ...and survive the round trip unchanged.
    const QByteArray again = encodeAnnouncement(*decoded);
    const auto back = decodeAnnouncement(again);
    if (again.size() > MaxDatagramSize || !back || back->id != decoded->id ||
        back->kind != decoded->kind ||
        (decoded->kind != Kind::Goodbye &&
         (back->name != decoded->name || back->port != decoded->port)))
        std::abort();
    return 0;
}
