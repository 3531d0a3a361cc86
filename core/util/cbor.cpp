#include "cbor.h"

#include <QCborStreamReader>

namespace Tincan {

std::optional<QCborValue> parseSingleCborItem(QByteArrayView bytes, QString *why)
{
    const QByteArray data = QByteArray::fromRawData(bytes.data(), bytes.size());
    QCborStreamReader reader(data);
    QCborValue value = QCborValue::fromCbor(reader);
    if (const QCborError error = reader.lastError(); error != QCborError::NoError) {
        *why = QStringLiteral("malformed CBOR: %1").arg(error.toString());
        return std::nullopt;
    }
    if (reader.currentOffset() != data.size()) {
        *why = QStringLiteral("trailing bytes after the CBOR item");
        return std::nullopt;
    }
    return value;
}

} // namespace Tincan
