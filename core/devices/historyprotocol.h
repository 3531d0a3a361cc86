#pragma once

#include "store/historytransfer.h"

#include <QCborMap>

#include <optional>

// History for a new device (protocol.md, "History for a new device"): the new device asks for
// the messages after a cursor, an own device answers a page at a time. Decoders check every
// field against the limits, as for any peer's frame.
namespace Tincan::HistoryProtocol {

namespace Type {
inline const QString Request = QStringLiteral("hreq");
inline const QString Page = QStringLiteral("hpage");
} // namespace Type

inline constexpr int MaxItems = 500;
inline constexpr qsizetype MaxPageBytes = 512 * 1024; // of text; a frame holds 1 MiB

struct Request
{
    qint64 after = 0;
    bool allHistory = false;
};
QCborMap encodeRequest(const Request &request);
std::optional<Request> decodeRequest(const QCborMap &map);

QCborMap encodePage(const HistoryChunk &chunk);
std::optional<HistoryChunk> decodePage(const QCborMap &map);

} // namespace Tincan::HistoryProtocol
