// libFuzzer target for the frame decoder: the first code that reads what a peer sends after
// TLS. Input: byte 0 picks how the rest is cut into reads (the decoder must not care), the
// rest is the byte stream. Checked: the decoder gives the same messages and the same verdict
// however the stream is split, never buffers more than one frame, and every message it returns
// re-encodes into a frame it decodes again to the same map.
// Build with clang and -DTINCAN_FUZZ=ON (tests/fuzz/smoke.sh does), then:
//   build/fuzz/tests/fuzz/fuzz_frame tests/fuzz/corpus/frame
#include "net/frame.h"

#include <QCborValue>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace Tincan;

namespace {
// Small, so that the fuzzer reaches the size limit and the compaction of the buffer.
constexpr quint32 MaxSize = 70 * 1024;

void check(bool condition)
{
    if (!condition)
        std::abort();
}

struct Outcome
{
    QList<QByteArray> messages; // canonical CBOR of each map
    bool error = false;
};

// Feeds `stream` in pieces of `step` bytes (0: all at once) and drains after each piece.
Outcome decode(const QByteArray &stream, qsizetype step)
{
    FrameDecoder decoder(MaxSize);
    Outcome outcome;
    qsizetype fed = 0;
    while (!outcome.error) {
        const qsizetype piece = step == 0 ? stream.size() : std::min(step, stream.size() - fed);
        decoder.append(stream.mid(fed, piece));
        fed += piece;
        QCborMap message;
        FrameDecoder::Status status;
        while ((status = decoder.next(&message)) == FrameDecoder::Status::Message) {
            outcome.messages.append(message.toCborValue().toCbor());
            message = {};
        }
        if (status == FrameDecoder::Status::Error) {
            check(!decoder.errorString().isEmpty());
            check(decoder.bufferedBytes() == 0);
            outcome.error = true;
        } else {
            // NeedMore: what is left is less than one frame (header included).
            check(decoder.bufferedBytes() < qsizetype(4 + MaxSize));
        }
        if (fed >= stream.size())
            break;
    }
    return outcome;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype step = data[0] % 17; // 0 = one append, 1..16 = bytes per read
    const QByteArray stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    const Outcome whole = decode(stream, 0);
    const Outcome pieces = decode(stream, step);
    check(whole.messages == pieces.messages);
    check(whole.error == pieces.error);

    for (const QByteArray &cbor : whole.messages) {
        const QCborMap map = QCborValue::fromCbor(cbor).toMap();
        FrameDecoder again(MaxSize * 4); // half floats re-encode as doubles
        again.append(encodeFrame(map));
        QCborMap back;
        check(again.next(&back) == FrameDecoder::Status::Message);
        check(back.toCborValue().toCbor() == cbor);
        check(again.bufferedBytes() == 0);
    }
    return 0;
}
