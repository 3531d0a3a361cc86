#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

// Records of file transfers. The enum values are stored in the database: only append.
namespace Tincan {

enum class TransferDirection
{
    Outgoing = 0,
    Incoming = 1
};

enum class TransferState
{
    Offered = 0, // waiting for the peer (outgoing) or about to be accepted (incoming)
    AskUser = 1, // incoming, above the auto-accept limit: the user decides
    Active = 2,  // bytes moving
    Paused = 3,  // the session dropped; resumes from doneBytes when it comes back
    Completed = 4,
    Failed = 5,
    Cancelled = 6,
    Declined = 7
};

QString transferStateName(TransferState state);
inline bool isFinished(TransferState state)
{
    return state >= TransferState::Completed;
}

struct TransferRecord
{
    QString id; // also the uuid of the chat message that shows it
    QString peerId;
    TransferDirection direction = TransferDirection::Outgoing;
    QString conversationId;
    QString name; // outgoing: the source's name; incoming: sanitised
    qint64 size = 0;
    QByteArray sha256;
    QString mime;
    QString path;     // outgoing: the source file; incoming: where it was saved
    QString partPath; // incoming: the hidden file written until the hash matches
    qint64 doneBytes = 0;
    qint64 resumedFrom = 0; // offset the latest (re)start began at
    int resumes = 0;        // restarts from an offset above 0
    TransferState state = TransferState::Offered;
    QString error;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// A record with the live figures of the running transfer.
struct TransferInfo
{
    TransferRecord record;
    qint64 bytes = 0;          // sent (outgoing) or written (incoming) so far
    double bytesPerSecond = 0; // recent rate, 0 when idle
    qint64 etaSeconds = -1;    // -1: unknown
};

} // namespace Tincan
