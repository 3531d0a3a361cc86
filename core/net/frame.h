#pragma once

#include <QByteArray>
#include <QCborMap>

#include <optional>

namespace Tincan {

// Wire framing (docs/protocol.md): a 4-byte big-endian payload length, then that many bytes of
// CBOR holding one map. The maximum is enforced before any allocation, so a hostile length
// prefix (up to 4 GiB) costs nothing.
inline constexpr quint32 MaxFrameSize = 1024 * 1024;

QByteArray encodeFrame(const QCborMap &message);

// Incremental decoder: feed it bytes as they arrive, take complete messages out.
class FrameDecoder
{
public:
    enum class Status
    {
        NeedMore,
        Message,
        Error
    };

    explicit FrameDecoder(quint32 maxFrameSize = MaxFrameSize)
        : m_maxFrameSize(maxFrameSize)
    {}

    void append(const QByteArray &bytes) { m_buffer.append(bytes); }
    // Message: *message holds the next map. Error: errorString() says why; the stream is dead.
    Status next(QCborMap *message);
    QString errorString() const { return m_error; }
    qsizetype bufferedBytes() const { return m_buffer.size() - m_offset; }

private:
    Status fail(const QString &reason);

    QByteArray m_buffer;
    qsizetype m_offset = 0;
    quint32 m_maxFrameSize;
    QString m_error;
};

} // namespace Tincan
