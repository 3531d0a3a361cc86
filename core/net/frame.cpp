#include "frame.h"

#include <QCborStreamReader>
#include <QCborValue>
#include <QtEndian>

namespace Tincan {

QByteArray encodeFrame(const QCborMap &message)
{
    const QByteArray payload = message.toCborValue().toCbor();
    QByteArray frame(4, Qt::Uninitialized);
    qToBigEndian(static_cast<quint32>(payload.size()), frame.data());
    frame.append(payload);
    return frame;
}

FrameDecoder::Status FrameDecoder::next(QCborMap *message)
{
    if (!m_error.isEmpty())
        return Status::Error;
    const qsizetype available = m_buffer.size() - m_offset;
    if (available < 4)
        return Status::NeedMore;
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_offset);
    if (length == 0)
        return fail(QStringLiteral("empty frame"));
    if (length > m_maxFrameSize)
        return fail(QStringLiteral("frame of %1 bytes exceeds the limit of %2")
                        .arg(length)
                        .arg(m_maxFrameSize));
    if (available < 4 + qsizetype(length))
        return Status::NeedMore;

    const QByteArray payload = QByteArray::fromRawData(m_buffer.constData() + m_offset + 4, length);
    QCborStreamReader reader(payload);
    const QCborValue value = QCborValue::fromCbor(reader);
    const QCborError parseError = reader.lastError();
    // One frame holds exactly one item: bytes after it would be smuggled past the parser.
    const bool trailing =
        parseError == QCborError::NoError && reader.currentOffset() != payload.size();
    m_offset += 4 + length;
    // Compact once the consumed prefix dominates, keeping appends amortised O(1).
    if (m_offset > 64 * 1024 && m_offset * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    if (parseError != QCborError::NoError)
        return fail(QStringLiteral("malformed CBOR: %1").arg(parseError.toString()));
    if (trailing)
        return fail(QStringLiteral("trailing bytes after the CBOR item"));
    if (!value.isMap())
        return fail(QStringLiteral("frame payload is not a CBOR map"));
    *message = value.toMap();
    return Status::Message;
}

FrameDecoder::Status FrameDecoder::fail(const QString &reason)
{
    m_error = reason;
    m_buffer.clear();
    m_offset = 0;
    return Status::Error;
}

} // namespace Tincan
