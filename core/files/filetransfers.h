#pragma once

#include "fileprotocol.h"
#include "sha256.h"
#include "transferstore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <map>
#include <memory>

namespace Tincan {

class Database;
class Messenger;
class SessionManager;

struct FileTransferSettings
{
    QString downloadDir;                          // where received files are saved
    qint64 autoAcceptBytes = 100LL * 1024 * 1024; // larger offers ask the user; -1: always ask
    qint64 sendRateLimit = 0;                     // bytes per second per peer, 0: no limit
    // Files taken without asking add up to at most this in 24 hours (then they ask); -1: no cap.
    // So a peer cannot fill the disk with many files each under autoAcceptBytes.
    qint64 autoAcceptPerDayBytes = 1LL << 30;
};

// Sends and receives files over the peer sessions (docs/protocol.md, "File transfer"): offer
// → accept → chunks → verify → save. Chunks are fed to a session only while its outbound
// queue is nearly empty, so chat frames overtake bulk data. Receivers write to a hidden part
// file, flush it every few MiB and record that offset, which is where a transfer resumes after
// a disconnect or a restart; the file gets its real name only once its SHA-256 matches.
class FileTransfers : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 PersistEvery = 8 * 1024 * 1024;
    static constexpr qint64 DrainThreshold = 512 * 1024;
    static constexpr int MaxWaitingOffersPerPeer = 20;

    FileTransfers(SessionManager &sessions, Messenger &messenger, Database &db,
                  QObject *parent = nullptr);
    ~FileTransfers() override;

    void setSettings(const FileTransferSettings &settings) { m_settings = settings; }
    const FileTransferSettings &settings() const { return m_settings; }

    // to: a peer id or a group id. Hashes the file, stores its chat message and offers it to
    // every recipient (now, or when each comes online). Returns the transfer id.
    QString sendFile(const QString &to, const QString &path, QString *error);
    bool accept(const QString &id, const QString &peerId, QString *error);
    bool decline(const QString &id, const QString &peerId, QString *error);
    // Either side; peerId empty: every peer of that transfer.
    bool cancel(const QString &id, const QString &peerId, QString *error);

    QList<TransferInfo> transfers(int limit = 200) const;
    QList<TransferInfo> transfersOf(const QString &id) const;

    TransferStore &store() { return m_store; }

    // Incoming transfers that made no progress for AbandonedPartDays fail and lose their part
    // file, so abandoned downloads do not fill the disk. Runs at start and every few hours.
    static constexpr int AbandonedPartDays = 7;
    int expireAbandonedParts(const QDateTime &now = QDateTime::currentDateTimeUtc());

Q_SIGNALS:
    // State changes at once; progress at most a few times a second.
    void transferChanged(const Tincan::TransferInfo &info);
    // An incoming offer above the auto-accept limit (or from a message request) waits.
    void acceptRequested(const Tincan::TransferInfo &info);

private:
    struct Live
    {
        TransferRecord record;
        QFile file;
        Sha256 hash;
        qint64 position = 0;  // next byte to send, or next byte expected
        qint64 persisted = 0; // incoming: flushed and recorded
        bool resyncSent = false;
        QElapsedTimer rateClock;
        qint64 rateBytes = 0;
        double rate = 0;
        QElapsedTimer runClock; // since this (re)start, for the send rate limit
        qint64 runBytes = 0;
        QElapsedTimer emitClock;
    };
    static QString keyOf(const TransferRecord &r);
    Live *live(const QString &id, const QString &peerId, TransferDirection direction);
    TransferInfo infoOf(const TransferRecord &record) const;
    void save(const TransferRecord &record);
    void publish(const TransferRecord &record);
    void progress(Live &l, qint64 bytes);
    void finish(const QString &key, TransferState state, const QString &error);

    void onMessage(const QString &peerId, const QCborMap &message);
    void onConnected(const QString &peerId);
    void onDisconnected(const QString &peerId);

    // filesending.cpp
    void offer(const TransferRecord &record);
    void onAccept(const QString &peerId, const FileProtocol::Position &position);
    void onAck(const QString &peerId, const FileProtocol::Position &position);
    void onDone(const QString &peerId, const FileProtocol::Status &status);
    enum class ChunkResult
    {
        Sent,
        Wait, // the rate limit: a timer pumps again
        Gone  // failed or the link closed: the Live may be destroyed
    };
    bool mayReceive(const TransferRecord &record) const;
    void pump(const QString &peerId);
    void schedulePump(const QString &peerId);
    ChunkResult sendNextChunk(const QString &peerId, Live &l);

    // filereceiving.cpp
    void onOffer(const QString &peerId, const FileProtocol::Offer &offer);
    void answerKnownOffer(const TransferRecord &record);
    bool startReceiving(TransferRecord record, QString *error);
    void onChunk(const QString &peerId, const FileProtocol::Chunk &chunk);
    bool persist(Live &l, QString *error);
    void completeIncoming(const QString &key);
    void failIncoming(const QString &key, const QString &error);

    void onCancel(const QString &peerId, const FileProtocol::Status &status, bool declined);

    SessionManager &m_sessions;
    QTimer m_expiryTimer; // expireAbandonedParts
    Messenger &m_messenger;
    TransferStore m_store;
    FileTransferSettings m_settings;
    std::map<QString, std::unique_ptr<Live>> m_live; // running transfers by keyOf()
    QSet<QString> m_pumpScheduled;
};

} // namespace Tincan
