// The sending half of FileTransfers: offers, and chunks fed at the pace the session drains.
#include "filetransfers.h"

#include "chat/messenger.h"
#include "net/sessionmanager.h"
#include "util/logging.h"

#include <QTimer>

#include <algorithm>

namespace Tincan {

using namespace FileProtocol;

// A group's files go to its current members only: a removed member receives nothing new, not
// even what was offered to it before it left.
bool FileTransfers::mayReceive(const TransferRecord &record) const
{
    if (record.conversationId == record.peerId)
        return true;
    const auto members = m_messenger.conversations().members(record.conversationId);
    return members && std::any_of(members->begin(), members->end(),
                                  [&](const GroupMember &m) { return m.peerId == record.peerId; });
}

void FileTransfers::offer(const TransferRecord &record)
{
    if (!m_sessions.isConnected(record.peerId) || !mayReceive(record))
        return;
    Offer offer;
    offer.id = record.id;
    offer.groupId = record.conversationId == record.peerId ? QString() : record.conversationId;
    offer.name = record.name;
    offer.size = record.size;
    offer.sha256 = record.sha256;
    offer.mime = record.mime;
    offer.sentAt = record.createdAt;
    m_sessions.send(record.peerId, encodeOffer(offer));
}

void FileTransfers::onAccept(const QString &peerId, const Position &position)
{
    auto record = m_store.find(position.id, peerId, TransferDirection::Outgoing);
    if (!record || isFinished(record->state)) {
        const QString why = record ? transferStateName(record->state) : QStringLiteral("unknown");
        m_sessions.send(peerId, encodeStatus(Type::Cancel, {position.id, why, !record}));
        return;
    }
    const QString key = keyOf(*record);
    auto fail = [&](const QString &error) {
        m_live.erase(key);
        record->state = TransferState::Failed;
        record->error = error;
        save(*record);
        m_sessions.send(peerId, encodeStatus(Type::Cancel, {position.id, error, true}));
    };
    if (!mayReceive(*record))
        return fail(QStringLiteral("the receiver is no longer a member of the group"));
    if (position.offset > record->size)
        return fail(QStringLiteral("the receiver asked for bytes past the end"));
    auto &slot = m_live[key];
    if (!slot) {
        slot = std::make_unique<Live>();
        slot->record = *record;
        slot->file.setFileName(record->path);
        if (!slot->file.open(QIODevice::ReadOnly))
            return fail(
                QStringLiteral("cannot read %1: %2").arg(record->path, slot->file.errorString()));
        if (slot->file.size() != record->size)
            return fail(QStringLiteral("%1 changed size since it was offered").arg(record->path));
    }
    Live &l = *slot;
    if (!l.file.seek(position.offset))
        return fail(QStringLiteral("cannot read %1: %2").arg(record->path, l.file.errorString()));
    l.position = position.offset;
    l.record.state = TransferState::Active;
    l.record.resumedFrom = position.offset;
    if (position.offset > 0)
        ++l.record.resumes;
    l.record.doneBytes = std::max(l.record.doneBytes, position.offset);
    l.runClock.start();
    l.runBytes = 0;
    save(l.record);
    if (position.offset > 0)
        qCInfo(lcFiles).noquote() << "resuming" << l.record.id << "to" << peerId.left(12)
                                  << "from byte" << position.offset;
    pump(peerId);
}

void FileTransfers::onAck(const QString &peerId, const Position &position)
{
    Live *l = live(position.id, peerId, TransferDirection::Outgoing);
    if (!l || position.offset > l->record.size)
        return;
    l->record.doneBytes = position.offset;
    m_store.update(l->record);
}

void FileTransfers::onDone(const QString &peerId, const Status &status)
{
    auto record = m_store.find(status.id, peerId, TransferDirection::Outgoing);
    if (!record || isFinished(record->state))
        return;
    if (!live(status.id, peerId, TransferDirection::Outgoing))
        m_live[keyOf(*record)] = std::make_unique<Live>();
    Live *l = live(status.id, peerId, TransferDirection::Outgoing);
    l->record = *record;
    l->position = record->size;
    finish(keyOf(*record), TransferState::Completed, {});
}

void FileTransfers::pump(const QString &peerId)
{
    m_pumpScheduled.remove(peerId);
    if (!m_sessions.isConnected(peerId))
        return;
    QList<Live *> sending;
    for (const auto &[key, l] : m_live) {
        if (l->record.peerId == peerId && l->record.direction == TransferDirection::Outgoing &&
            l->record.state == TransferState::Active && l->position < l->record.size)
            sending.append(l.get());
    }
    // Round robin between the files to this peer, one chunk each, while the queue is short.
    for (int round = 0; round < 64 && !sending.isEmpty(); ++round) {
        bool sent = false;
        for (Live *l : std::as_const(sending)) {
            if (m_sessions.pendingOutbound(peerId) >= DrainThreshold)
                return;
            if (l->position >= l->record.size)
                continue;
            const ChunkResult result = sendNextChunk(peerId, *l);
            if (result == ChunkResult::Gone) { // l may be destroyed: start over with the others
                schedulePump(peerId);
                return;
            }
            sent = sent || result == ChunkResult::Sent;
            if (!m_sessions.isConnected(peerId))
                return;
        }
        if (!sent)
            return;
    }
}

FileTransfers::ChunkResult FileTransfers::sendNextChunk(const QString &peerId, Live &l)
{
    const qint64 n = std::min(ChunkSize, l.record.size - l.position);
    if (m_settings.sendRateLimit > 0) {
        const qint64 allowed =
            m_settings.sendRateLimit * l.runClock.elapsed() / 1000 + ChunkSize - l.runBytes;
        if (allowed < n) {
            const qint64 waitMs = (n - allowed) * 1000 / m_settings.sendRateLimit + 1;
            if (!m_pumpScheduled.contains(peerId)) {
                m_pumpScheduled.insert(peerId);
                QTimer::singleShot(std::chrono::milliseconds(waitMs), this,
                                   [this, peerId] { pump(peerId); });
            }
            return ChunkResult::Wait;
        }
    }
    Chunk chunk{l.record.id, l.position, l.file.read(n)};
    if (chunk.data.size() != n) {
        const QString error =
            QStringLiteral("cannot read %1: %2").arg(l.record.path, l.file.errorString());
        m_sessions.send(peerId, encodeStatus(Type::Cancel, {l.record.id, error, true}));
        finish(keyOf(l.record), TransferState::Failed, error);
        return ChunkResult::Gone;
    }
    l.position += n;
    l.runBytes += n;
    progress(l, n);
    // send() can close the link (a peer that stopped reading hits the outbound cap), and the
    // disconnect pauses and destroys l at once: l must not be touched after this line.
    m_sessions.send(peerId, encodeChunk(chunk));
    return m_sessions.isConnected(peerId) ? ChunkResult::Sent : ChunkResult::Gone;
}

void FileTransfers::schedulePump(const QString &peerId)
{
    if (m_pumpScheduled.contains(peerId))
        return;
    m_pumpScheduled.insert(peerId);
    QMetaObject::invokeMethod(
        this, [this, peerId] { pump(peerId); }, Qt::QueuedConnection);
}

} // namespace Tincan
