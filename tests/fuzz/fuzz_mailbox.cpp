// libFuzzer target for what a peer sends about mailboxes (#17): the mailbox frames, and the
// sealed envelopes inside mbput and mbenv, which are opened with a fixed recipient key (HPKE's
// decapsulation of an attacker's point, AES-GCM and the signature check behind it). Input: the
// CBOR payload of one frame. Checked: whatever decodes keeps its limits and survives
// encode → decode; an envelope that decodes re-encodes to the same envelope.
//   build/fuzz/tests/fuzz/fuzz_mailbox tests/fuzz/corpus/mailbox
#include "crypto/hpke.h"
#include "fuzzinput.h"
#include "mailbox/envelope.h"
#include "mailbox/mailboxprotocol.h"

using namespace Tincan;
using namespace Tincan::MailboxProtocol;
using FuzzInput::check;

namespace {

const Hpke::KeyPair &recipientKey()
{
    static const Hpke::KeyPair key = *Hpke::deriveKeyPair(QByteArray(32, 'k'));
    return key;
}

void checkEnvelope(const QByteArray &bytes)
{
    QString why;
    const auto envelope = Envelopes::decode(bytes, &why);
    if (!envelope) {
        check(!why.isEmpty());
        return;
    }
    check(envelope->header.slot.size() == Envelopes::SlotSize);
    const auto again = Envelopes::decode(Envelopes::encode(*envelope), &why);
    check(again && again->header == envelope->header && again->body == envelope->body);
    // Nobody but a holder of the key can seal to it, and the fuzzer holds none: a letter that
    // opens must still carry a plausible sender.
    if (const auto letter = Envelopes::open(*envelope, recipientKey(), &why))
        check(letter->senderDevice.size() == 32);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto map = FuzzInput::payloadMap(data, size);
    if (!map)
        return 0;
    if (const auto put = decodePut(*map)) {
        check(put->envelope.size() <= MaxPutSize);
        const auto again = decodePut(encodePut(*put));
        check(again && again->tag == put->tag && again->envelope == put->envelope);
        checkEnvelope(put->envelope);
    }
    if (const auto batch = decodeBatch(*map)) {
        check(batch->items.size() <= MaxBatchItems);
        const auto again = decodeBatch(encodeBatch(*batch));
        check(again && again->items.size() == batch->items.size() && again->more == batch->more);
        for (const Held &held : batch->items)
            checkEnvelope(held.envelope);
    }
    if (const auto ids = decodeDelete(*map)) {
        check(ids->size() <= MaxBatchItems);
        check(decodeDelete(encodeDelete(*ids)) == ids);
    }
    if (const auto reply = decodePutReply(*map)) {
        const auto again = decodePutReply(encodePutReply(*reply));
        check(again && again->tag == reply->tag && again->status == reply->status);
    }
    if (const auto answer = decodeUseReply(*map))
        check(decodeUseReply(encodeUseReply(*answer)) == answer);
    if (const auto use = decodeUse(*map))
        check(decodeUse(encodeUse(*use)) == use);
    // A record is checked against the link's key before it is parsed: any SPKI will do to
    // reach the signature check with the fuzzer's bytes.
    QString why;
    const auto record = decodeRecord(*map, QString(64, u'a'), QByteArray(91, '\x30'), &why);
    check(!record && !why.isEmpty());
    return 0;
}
