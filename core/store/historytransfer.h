#pragma once

#include "storetypes.h"

#include <optional>

namespace Tincan {

class Database;

// One message of the history a device passes to a new device of the same person (#18).
struct HistoryItem
{
    QString uuid;
    QString conversation; // the device id that keys its direct conversation at the source
    QString senderId;
    bool outgoing = false; // written by this person, on any of their devices
    QDateTime sentAt;
    QString body;
    MessageState state = MessageState::Delivered;
    QString replyTo;
    QDateTime editedAt; // invalid: never edited
    bool deleted = false;
};

struct HistoryPeer
{
    QString id;
    QString name;
    QString alias; // the person's own name for them
    bool contact = false;
};

// A page of it: the messages after a cursor in the source's own order (its seq), and the people
// they are with, so that the new device can name them.
struct HistoryChunk
{
    QList<HistoryItem> items;
    QList<HistoryPeer> peers;
    qint64 lastSeq = 0;   // the cursor to ask from next
    qint64 remaining = 0; // messages after it that would come
    bool done = false;    // nothing after it
};

struct HistoryProgress
{
    QString source;
    qint64 received = 0;
    qint64 total = 0;
    bool allHistory = false;
    bool done = false;
};

// Both ends of a history transfer between devices of one person. Direct conversations only:
// a group's history comes with its membership, which the group log carries (not here yet).
class HistoryTransfer
{
public:
    static constexpr int DefaultDays = 90;
    static constexpr int LatestPage = 50; // of every conversation, however old

    HistoryTransfer(Database &db, QString selfId);

    // Source side. The text messages after afterSeq that a new device gets: those of the last
    // DefaultDays (all of them with allHistory) and every conversation's LatestPage newest,
    // leaving out the conversation with the asking device itself. At most maxItems messages and
    // about maxBytes of text, at least one.
    std::optional<HistoryChunk>
    chunkAfter(qint64 afterSeq, const QString &requester, bool allHistory, int maxItems,
               qsizetype maxBytes, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // New device side (historyimport.cpp).
    // Asks for the history of source from now on (once: a second call changes nothing).
    bool begin(const QString &source, bool allHistory);
    // The transfer not finished yet, if any.
    std::optional<HistoryProgress> pending() const;
    std::optional<HistoryProgress> latest() const; // finished or not
    qint64 cursorOf(const QString &source) const;  // -1: none
    // Stores a page and moves the cursor in one transaction: nothing twice, nothing lost.
    // Returns how many messages were new here; nullopt on a database error.
    std::optional<int> import(const QString &source, const HistoryChunk &chunk);

private:
    Database &m_db;
    QString m_selfId;
};

} // namespace Tincan
