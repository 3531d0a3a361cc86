// The receiving half of FileTransfers: offers, the part file, flushes, verification and the
// final, never-overwriting rename.
#include "filetransfers.h"

#include "chat/messenger.h"
#include "filenames.h"
#include "net/sessionmanager.h"
#include "util/logging.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStorageInfo>

#include <unistd.h>

namespace Tincan {

using namespace FileProtocol;

namespace {
QString formatBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

// A clear reason for a failed write: a full disk says so, anything else gives the OS's words.
// path: the part file's (a QFile opened from a descriptor knows no name).
QString writeError(const QFile &file, const QString &path, const QString &name)
{
    const QStorageInfo storage(QFileInfo(path).absolutePath());
    if (storage.isValid() && storage.bytesAvailable() < FileProtocol::ChunkSize)
        return QStringLiteral("the disk of the download folder %1 is full (%2); %3 was not saved "
                              "and its partial data was removed")
            .arg(QFileInfo(path).absolutePath(), file.errorString(), name);
    return QStringLiteral("cannot write %1: %2; the partial data was removed")
        .arg(path, file.errorString());
}
} // namespace

void FileTransfers::onOffer(const QString &peerId, const Offer &offer)
{
    if (const auto known = m_store.find(offer.id, peerId, TransferDirection::Incoming)) {
        answerKnownOffer(*known);
        return;
    }
    // Each waiting offer is a record and a line in a conversation: one peer gets only so many.
    // Unanswered, the offer stays with the sender, who offers it again on the next session.
    const int waiting = m_store.waitingOffersFrom(peerId);
    if (waiting < 0 || waiting >= MaxWaitingOffersPerPeer) {
        qCInfo(lcFiles).noquote() << "not taking offer" << offer.id << "from" << peerId.left(12)
                                  << "for now:" << waiting << "of its offers wait already";
        return;
    }
    TransferRecord record;
    record.id = offer.id;
    record.peerId = peerId;
    record.direction = TransferDirection::Incoming;
    record.name = FileNames::sanitize(offer.name);
    record.size = offer.size;
    record.sha256 = offer.sha256;
    record.mime = offer.mime;

    IncomingMessage message;
    message.uuid = offer.id;
    message.senderId = peerId;
    message.conversationId = offer.groupId;
    message.sentAt = offer.sentAt;
    message.body = record.name;
    message.kind = MessageKind::File;
    const ReceiveResult stored = m_messenger.receiveNow(message);
    if (!stored.committed()) {
        // Not an error to answer: a group whose events have not arrived yet, say. The sender
        // offers again on the next session.
        qCInfo(lcFiles).noquote() << "not taking offer" << offer.id << "from" << peerId.left(12)
                                  << "for now: its message was not stored";
        return;
    }
    record.conversationId = stored.message.conversationId;
    record.createdAt = record.updatedAt = QDateTime::currentDateTimeUtc();
    if (!m_store.insert(record))
        return;
    const auto conversation = m_messenger.conversations().find(record.conversationId);
    const bool isRequest = conversation && conversation->requestState != RequestState::Accepted;
    const qint64 limit = m_settings.autoAcceptBytes;
    const qint64 perDay = m_settings.autoAcceptPerDayBytes;
    const bool overQuota = perDay >= 0 && m_store.incomingTakenSince(record.createdAt.addDays(-1)) >
                                              perDay - record.size;
    if (isRequest || limit < 0 || record.size > limit || overQuota) {
        record.state = TransferState::AskUser;
        save(record);
        Q_EMIT acceptRequested(infoOf(record));
        return;
    }
    QString error;
    startReceiving(record, &error);
}

void FileTransfers::answerKnownOffer(const TransferRecord &record)
{
    QString error;
    switch (record.state) {
    case TransferState::Offered:
    case TransferState::AskUser:
        break; // the user has not decided yet
    case TransferState::Active:
    case TransferState::Paused:
        m_live.erase(keyOf(record)); // a stale run (the sender restarted): resume afresh
        startReceiving(record, &error);
        break;
    case TransferState::Completed:
        m_sessions.send(record.peerId, encodeStatus(Type::Done, {record.id, {}, false}));
        break;
    case TransferState::Failed:
    case TransferState::Cancelled:
        m_sessions.send(record.peerId,
                        encodeStatus(Type::Cancel, {record.id, record.error,
                                                    record.state == TransferState::Failed}));
        break;
    case TransferState::Declined:
        m_sessions.send(record.peerId, encodeStatus(Type::Decline, {record.id, {}, false}));
        break;
    }
}

bool FileTransfers::startReceiving(TransferRecord record, QString *error)
{
    auto fail = [&](const QString &reason) {
        *error = reason;
        if (!record.partPath.isEmpty())
            QFile::remove(record.partPath);
        record.partPath.clear();
        record.state = TransferState::Failed;
        record.error = reason;
        save(record);
        m_sessions.send(record.peerId, encodeStatus(Type::Cancel, {record.id, reason, true}));
        qCWarning(lcFiles).noquote() << "cannot receive" << record.id << ":" << reason;
        return false;
    };
    const QString dir = record.partPath.isEmpty() ? m_settings.downloadDir
                                                  : QFileInfo(record.partPath).absolutePath();
    if (dir.isEmpty() || !QDir().mkpath(dir))
        return fail(QStringLiteral("cannot create the download folder '%1'").arg(dir));
    const bool fresh = record.partPath.isEmpty();
    if (fresh)
        record.partPath = QDir(dir).filePath(FileNames::partName(record.name, record.id));

    auto l = std::make_unique<Live>();
    QString openError;
    if (!FileNames::openPart(l->file, record.partPath, fresh, &openError)) {
        const QString reason = QStringLiteral("cannot %1 %2: %3")
                                   .arg(fresh ? QStringLiteral("create") : QStringLiteral("reopen"),
                                        record.partPath, openError);
        if (fresh)
            record.partPath.clear(); // whatever is there is not ours: fail() must not remove it
        return fail(reason);
    }
    // Bytes past the recorded offset were never flushed and confirmed: drop them.
    if (l->file.size() < record.doneBytes)
        record.doneBytes = 0;
    if (!l->file.resize(record.doneBytes))
        return fail(
            QStringLiteral("cannot truncate %1: %2").arg(record.partPath, l->file.errorString()));
    const QStorageInfo storage(dir);
    if (storage.isValid() && storage.bytesAvailable() < record.size - record.doneBytes)
        return fail(QStringLiteral("not enough free space in %1: %2 needed, %3 free")
                        .arg(dir, formatBytes(record.size - record.doneBytes),
                             formatBytes(storage.bytesAvailable())));
    if (record.doneBytes > 0 && !l->hash.addData(&l->file))
        return fail(
            QStringLiteral("cannot read %1 back: %2").arg(record.partPath, l->file.errorString()));
    if (!l->file.seek(record.doneBytes))
        return fail(QStringLiteral("cannot seek in %1").arg(record.partPath));

    record.state = TransferState::Active;
    record.error.clear();
    record.resumedFrom = record.doneBytes;
    if (record.doneBytes > 0)
        ++record.resumes;
    l->record = record;
    l->position = l->persisted = record.doneBytes;
    l->runClock.start();
    const QString key = keyOf(record);
    m_live[key] = std::move(l);
    save(record);
    if (record.doneBytes > 0)
        qCInfo(lcFiles).noquote() << "resuming" << record.id << "from" << record.peerId.left(12)
                                  << "at byte" << record.doneBytes;
    if (record.doneBytes == record.size)
        completeIncoming(key);
    else
        m_sessions.send(record.peerId, encodePosition(Type::Accept, {record.id, record.doneBytes}));
    return true;
}

void FileTransfers::onChunk(const QString &peerId, const Chunk &chunk)
{
    Live *l = live(chunk.id, peerId, TransferDirection::Incoming);
    if (!l)
        return; // cancelled or finished here; the sender learns it from our fcancel/fdone
    const QString key = keyOf(l->record);
    if (chunk.offset != l->position) {
        // Left over from before a resume: say once where we are, then wait for that offset.
        if (!l->resyncSent)
            m_sessions.send(peerId, encodePosition(Type::Accept, {chunk.id, l->position}));
        l->resyncSent = true;
        return;
    }
    l->resyncSent = false;
    if (chunk.data.size() > l->record.size - l->position)
        return failIncoming(key, QStringLiteral("the sender sent more bytes than it offered"));
    if (l->file.write(chunk.data) != chunk.data.size())
        return failIncoming(key, writeError(l->file, l->record.partPath, l->record.name));
    l->hash.addData(chunk.data);
    l->position += chunk.data.size();
    progress(*l, chunk.data.size());
    QString error;
    if (l->position - l->persisted >= PersistEvery && !persist(*l, &error))
        return failIncoming(key, error);
    if (l->position == l->record.size)
        completeIncoming(key);
}

bool FileTransfers::persist(Live &l, QString *error)
{
    if (l.position == l.persisted || !l.file.isOpen())
        return true;
    if (!l.file.flush() || ::fdatasync(l.file.handle()) != 0) {
        *error = writeError(l.file, l.record.partPath, l.record.name);
        return false;
    }
    l.persisted = l.position;
    l.record.doneBytes = l.position;
    m_store.update(l.record);
    m_sessions.send(l.record.peerId, encodePosition(Type::Ack, {l.record.id, l.position}));
    return true;
}

void FileTransfers::completeIncoming(const QString &key)
{
    Live &l = *m_live.at(key);
    QString error;
    if (!persist(l, &error))
        return failIncoming(key, error);
    l.file.close();
    if (l.hash.result() != l.record.sha256)
        return failIncoming(
            key,
            QStringLiteral("%1 did not match its SHA-256 and was discarded").arg(l.record.name));
    const QString dir = QFileInfo(l.record.partPath).absolutePath();
    const QString path =
        FileNames::placeWithoutOverwrite(l.record.partPath, dir, l.record.name, &error);
    if (path.isEmpty())
        return failIncoming(key, error);
    l.record.path = path;
    l.record.partPath.clear();
    const TransferRecord record = l.record;
    finish(key, TransferState::Completed, {});
    m_sessions.send(record.peerId, encodeStatus(Type::Done, {record.id, {}, false}));
    qCInfo(lcFiles).noquote() << "saved" << path << "from" << record.peerId.left(12);
}

void FileTransfers::failIncoming(const QString &key, const QString &error)
{
    Live &l = *m_live.at(key);
    l.file.close();
    if (!l.record.partPath.isEmpty())
        QFile::remove(l.record.partPath);
    l.record.partPath.clear();
    l.record.doneBytes = 0;
    const TransferRecord record = l.record;
    finish(key, TransferState::Failed, error);
    m_sessions.send(record.peerId, encodeStatus(Type::Cancel, {record.id, error, true}));
}

int FileTransfers::expireAbandonedParts(const QDateTime &now)
{
    int expired = 0;
    for (TransferRecord record : m_store.unfinished()) {
        if (record.direction != TransferDirection::Incoming || record.partPath.isEmpty() ||
            live(record.id, record.peerId, record.direction) ||
            record.updatedAt.addDays(AbandonedPartDays) > now)
            continue;
        QFile::remove(record.partPath);
        record.partPath.clear();
        record.state = TransferState::Failed;
        record.error = QStringLiteral("no progress for %1 days; the partial data was removed")
                           .arg(AbandonedPartDays);
        save(record);
        qCInfo(lcFiles).noquote() << "transfer" << record.id << "from" << record.peerId.left(12)
                                  << "abandoned:" << record.error;
        ++expired;
    }
    return expired;
}

} // namespace Tincan
