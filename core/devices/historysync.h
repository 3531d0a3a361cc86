#pragma once

#include "store/historytransfer.h"

#include <QCborMap>
#include <QObject>

#include <functional>

namespace Tincan {

class SessionManager;

// History for a new device (#18, protocol.md "History for a new device"). The new device asks
// the device that linked it for its history, a page after the other, whenever a session
// between them is up; each page is stored with its cursor, so a cut (kill -9, a lost link)
// resumes where it stopped. The other side answers only devices of this person's own account.
class HistorySync : public QObject
{
    Q_OBJECT
public:
    struct Hooks
    {
        std::function<QStringList()> ownDevices; // this account's other devices
        // A page was stored: messages (how many new) to announce and index.
        std::function<void(int added)> imported;
    };
    HistorySync(SessionManager &sessions, HistoryTransfer &store, Hooks hooks,
                QObject *parent = nullptr);

    // Asks source for its history (the last 90 days and every conversation's latest page, or
    // all of it), now if connected, else at the next session.
    bool fetchFrom(const QString &source, bool allHistory);

Q_SIGNALS:
    void progressed(); // a page arrived, or the transfer finished

private:
    void onConnected(const QString &peerId);
    void onMessage(const QString &peerId, const QCborMap &message);
    void answer(const QString &peerId, const QCborMap &message);
    void take(const QString &peerId, const QCborMap &message);
    void ask(const QString &source);

    SessionManager &m_sessions;
    HistoryTransfer &m_store;
    Hooks m_hooks;
};

} // namespace Tincan
