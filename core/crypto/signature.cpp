#include "signature.h"

#include "opensslhelpers.h"

namespace Tincan {

bool verifySignature(const QByteArray &spkiDer, const QByteArray &data, const QByteArray &signature)
{
    // Malformed input from the network is normal here, so failures are not worth a log line,
    // but must not leave anything behind in OpenSSL's error queue.
    const OpenSsl::ErrorQueueGuard clearErrors;
    const OpenSsl::PkeyPtr key = OpenSsl::publicKeyFromSpkiDer(spkiDer);
    return key && OpenSsl::verifySha256(key.get(), data, signature);
}

} // namespace Tincan
