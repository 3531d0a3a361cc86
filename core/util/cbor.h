#pragma once

#include <QByteArrayView>
#include <QCborValue>
#include <QString>

#include <optional>

namespace Tincan {

// Exactly one CBOR item and nothing after it: trailing bytes would be smuggled past whoever
// checks the item (a signature, a MAC). Empty, with *why set, for malformed CBOR or trailing
// bytes. Whoever reads untrusted CBOR that is not a stream frame goes through here.
std::optional<QCborValue> parseSingleCborItem(QByteArrayView bytes, QString *why);

} // namespace Tincan
