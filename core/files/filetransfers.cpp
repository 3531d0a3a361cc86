#include "filetransfers.h"

#include "chat/messenger.h"
#include "net/sessionmanager.h"
#include "util/logging.h"

#include <QFileInfo>
#include <QMimeDatabase>

namespace Tincan {

using namespace FileProtocol;

FileTransfers::FileTransfers(SessionManager &sessions, Messenger &messenger, Database &db,
                             QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_messenger(messenger)
    , m_store(db)
{
    sessions.addCapability(Capability);
    // Nothing runs before a session exists: whatever was moving when the process ended waits.
    for (TransferRecord record : m_store.unfinished()) {
        if (record.state == TransferState::Active) {
            record.state = TransferState::Paused;
            m_store.update(record);
        }
    }
    expireAbandonedParts();
    m_expiryTimer.setInterval(std::chrono::hours(6));
    connect(&m_expiryTimer, &QTimer::timeout, this, [this] { expireAbandonedParts(); });
    m_expiryTimer.start();
    connect(&sessions, &SessionManager::messageReceived, this, &FileTransfers::onMessage);
    connect(&sessions, &SessionManager::peerConnected, this, &FileTransfers::onConnected);
    connect(&sessions, &SessionManager::peerDisconnected, this, &FileTransfers::onDisconnected);
    connect(&sessions, &SessionManager::outboundDrained, this, &FileTransfers::schedulePump);
    connect(&sessions, &SessionManager::sessionReplaced, this, [this](const QString &peerId) {
        onDisconnected(peerId); // chunks on the old connection are lost: resume on the new one
        onConnected(peerId);
    });
    for (const QString &peer : sessions.connectedPeers())
        onConnected(peer);
}

FileTransfers::~FileTransfers()
{
    // Flush what was received, so that a restart resumes from as far as possible.
    QStringList peers;
    for (const auto &[key, l] : m_live)
        peers.append(l->record.peerId);
    for (const QString &peer : peers)
        onDisconnected(peer);
}

QString FileTransfers::sendFile(const QString &to, const QString &path, QString *error)
{
    const QFileInfo info(path);
    QFile file(info.absoluteFilePath());
    if (!info.isFile()) {
        *error = QStringLiteral("%1 is not a file").arg(path);
        return {};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    Sha256 hash;
    if (!hash.addData(&file) || file.pos() != info.size()) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    const QByteArray digest = hash.result();
    OutgoingMessage message;
    message.conversationId = to;
    message.body = info.fileName();
    message.kind = MessageKind::File;
    const auto stored = m_messenger.sendMessage(message, error);
    if (!stored)
        return {};
    const QStringList recipients = m_messenger.recipientsOf(stored->conversationId);
    for (const QString &peer : recipients) {
        TransferRecord record;
        record.id = stored->uuid;
        record.peerId = peer;
        record.direction = TransferDirection::Outgoing;
        record.conversationId = stored->conversationId;
        record.name = info.fileName();
        record.size = info.size();
        record.sha256 = digest;
        record.mime = QMimeDatabase().mimeTypeForFile(info).name();
        record.path = info.absoluteFilePath();
        record.createdAt = record.updatedAt = QDateTime::currentDateTimeUtc();
        if (!m_store.insert(record)) {
            *error = QStringLiteral("the transfer could not be stored");
            return {};
        }
        publish(record);
        offer(record);
    }
    qCInfo(lcFiles).noquote() << "offering" << info.fileName() << info.size() << "bytes to"
                              << recipients.size() << "peer(s) as" << stored->uuid;
    return stored->uuid;
}

bool FileTransfers::accept(const QString &id, const QString &peerId, QString *error)
{
    const auto record = m_store.find(id, peerId, TransferDirection::Incoming);
    if (!record || record->state != TransferState::AskUser) {
        *error = QStringLiteral("no incoming transfer %1 from %2 waits for an answer")
                     .arg(id, peerId.left(12));
        return false;
    }
    if (!m_sessions.isConnected(peerId)) {
        // Accepted now, fetched when the sender is back (it offers again on connect).
        TransferRecord paused = *record;
        paused.state = TransferState::Paused;
        save(paused);
        return true;
    }
    QString reason;
    if (!startReceiving(*record, &reason)) {
        *error = reason;
        return false;
    }
    return true;
}

bool FileTransfers::decline(const QString &id, const QString &peerId, QString *error)
{
    auto record = m_store.find(id, peerId, TransferDirection::Incoming);
    if (!record || isFinished(record->state)) {
        *error = QStringLiteral("no open incoming transfer %1 from %2").arg(id, peerId.left(12));
        return false;
    }
    record->state = TransferState::Declined;
    save(*record);
    m_sessions.send(peerId, encodeStatus(Type::Decline, {id, QStringLiteral("declined"), false}));
    return true;
}

bool FileTransfers::cancel(const QString &id, const QString &peerId, QString *error)
{
    bool any = false;
    for (TransferRecord record : m_store.byId(id)) {
        if (isFinished(record.state) || (!peerId.isEmpty() && record.peerId != peerId))
            continue;
        any = true;
        m_live.erase(keyOf(record)); // closes the file
        if (record.direction == TransferDirection::Incoming && !record.partPath.isEmpty()) {
            QFile::remove(record.partPath);
            record.partPath.clear();
        }
        record.state = TransferState::Cancelled;
        record.error = QStringLiteral("cancelled here");
        save(record);
        m_sessions.send(record.peerId,
                        encodeStatus(Type::Cancel, {id, QStringLiteral("cancelled"), false}));
    }
    if (!any)
        *error = QStringLiteral("no open transfer %1").arg(id);
    return any;
}

QList<TransferInfo> FileTransfers::transfers(int limit) const
{
    QList<TransferInfo> list;
    for (const TransferRecord &record : m_store.recent(limit))
        list.append(infoOf(record));
    return list;
}

QList<TransferInfo> FileTransfers::transfersOf(const QString &id) const
{
    QList<TransferInfo> list;
    for (const TransferRecord &record : m_store.byId(id))
        list.append(infoOf(record));
    return list;
}

QString FileTransfers::keyOf(const TransferRecord &r)
{
    return r.id + u'|' + r.peerId + u'|' + QString::number(int(r.direction));
}

FileTransfers::Live *FileTransfers::live(const QString &id, const QString &peerId,
                                         TransferDirection direction)
{
    const auto it = m_live.find(id + u'|' + peerId + u'|' + QString::number(int(direction)));
    return it == m_live.end() ? nullptr : it->second.get();
}

TransferInfo FileTransfers::infoOf(const TransferRecord &record) const
{
    TransferInfo info;
    const auto it = m_live.find(keyOf(record));
    if (it != m_live.end()) {
        const Live &l = *it->second;
        info.record = l.record;
        info.bytes = l.position;
        info.bytesPerSecond = l.rate;
        if (l.rate > 0)
            info.etaSeconds = qint64((l.record.size - l.position) / l.rate);
    } else {
        info.record = record;
        info.bytes = record.state == TransferState::Completed ? record.size : record.doneBytes;
    }
    return info;
}

void FileTransfers::save(const TransferRecord &record)
{
    if (!m_store.update(record))
        qCWarning(lcFiles).noquote() << "could not record the state of transfer" << record.id;
    publish(record);
}

void FileTransfers::publish(const TransferRecord &record)
{
    Q_EMIT transferChanged(infoOf(record));
}

void FileTransfers::progress(Live &l, qint64 bytes)
{
    l.rateBytes += bytes;
    if (!l.rateClock.isValid())
        l.rateClock.start();
    const qint64 elapsed = l.rateClock.elapsed();
    if (elapsed >= 500) {
        const double now = double(l.rateBytes) * 1000.0 / double(elapsed);
        l.rate = l.rate > 0 ? 0.5 * l.rate + 0.5 * now : now;
        l.rateBytes = 0;
        l.rateClock.restart();
    }
    if (!l.emitClock.isValid() || l.emitClock.elapsed() >= 250) {
        l.emitClock.restart();
        publish(l.record);
    }
}

void FileTransfers::finish(const QString &key, TransferState state, const QString &error)
{
    const auto it = m_live.find(key);
    if (it == m_live.end())
        return;
    std::unique_ptr<Live> l = std::move(it->second);
    m_live.erase(it);
    l->file.close();
    l->record.state = state;
    l->record.error = error;
    if (state == TransferState::Completed)
        l->record.doneBytes = l->record.size;
    save(l->record);
    qCInfo(lcFiles).noquote() << "transfer" << l->record.id << "with" << l->record.peerId.left(12)
                              << transferStateName(state) << error;
}

void FileTransfers::onMessage(const QString &peerId, const QCborMap &message)
{
    const QString type = message.value(QStringLiteral("t")).toString();
    if (!type.startsWith(u'f'))
        return;
    if (type == Type::Chunk) {
        if (const auto chunk = decodeChunk(message))
            onChunk(peerId, *chunk);
    } else if (type == Type::Offer) {
        if (const auto offer = decodeOffer(message))
            onOffer(peerId, *offer);
        else
            qCInfo(lcFiles).noquote() << "dropping a malformed offer from" << peerId.left(12);
    } else if (type == Type::Accept) {
        if (const auto position = decodePosition(message))
            onAccept(peerId, *position);
    } else if (type == Type::Ack) {
        if (const auto position = decodePosition(message))
            onAck(peerId, *position);
    } else if (type == Type::Done) {
        if (const auto status = decodeStatus(message))
            onDone(peerId, *status);
    } else if (type == Type::Cancel || type == Type::Decline) {
        if (const auto status = decodeStatus(message))
            onCancel(peerId, *status, type == Type::Decline);
    }
}

void FileTransfers::onConnected(const QString &peerId)
{
    for (const TransferRecord &record : m_store.unfinished(peerId)) {
        if (record.direction == TransferDirection::Outgoing)
            offer(record);
    }
}

void FileTransfers::onDisconnected(const QString &peerId)
{
    for (auto it = m_live.begin(); it != m_live.end();) {
        Live &l = *it->second;
        if (l.record.peerId != peerId) {
            ++it;
            continue;
        }
        if (l.record.direction == TransferDirection::Incoming) {
            QString error;
            if (!persist(l, &error))
                qCWarning(lcFiles).noquote() << error;
        }
        l.file.close();
        l.record.state = TransferState::Paused;
        save(l.record);
        it = m_live.erase(it);
    }
}

void FileTransfers::onCancel(const QString &peerId, const FileProtocol::Status &status,
                             bool declined)
{
    for (const auto direction : {TransferDirection::Outgoing, TransferDirection::Incoming}) {
        auto record = m_store.find(status.id, peerId, direction);
        if (!record || isFinished(record->state))
            continue;
        m_live.erase(keyOf(*record));
        if (direction == TransferDirection::Incoming && !record->partPath.isEmpty()) {
            QFile::remove(record->partPath);
            record->partPath.clear();
        }
        record->state = declined       ? TransferState::Declined
                        : status.error ? TransferState::Failed
                                       : TransferState::Cancelled;
        record->error = status.reason.isEmpty() ? QStringLiteral("cancelled by the peer")
                                                : QStringLiteral("peer: %1").arg(status.reason);
        save(*record);
        qCInfo(lcFiles).noquote() << "transfer" << status.id << transferStateName(record->state)
                                  << "by" << peerId.left(12) << status.reason;
    }
}

} // namespace Tincan
