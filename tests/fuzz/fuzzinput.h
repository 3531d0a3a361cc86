#pragma once

// Shared by the message decoder targets: their input is the CBOR payload of one frame, read
// the way FrameDecoder reads it (one item, a map, nothing after it).
#include <QCborMap>
#include <QCborStreamReader>
#include <QCborValue>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

namespace FuzzInput {

inline std::optional<QCborMap> payloadMap(const uint8_t *data, size_t size)
{
    const QByteArray payload =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QCborStreamReader reader(payload);
    const QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError || reader.currentOffset() != payload.size() ||
        !value.isMap())
        return std::nullopt;
    return value.toMap();
}

inline void check(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace FuzzInput
