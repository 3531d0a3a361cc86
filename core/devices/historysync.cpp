#include "historysync.h"

#include "historyprotocol.h"
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "util/logging.h"

namespace Tincan {

HistorySync::HistorySync(SessionManager &sessions, HistoryTransfer &store, Hooks hooks,
                         QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_store(store)
    , m_hooks(std::move(hooks))
{
    connect(&m_sessions, &SessionManager::peerConnected, this, &HistorySync::onConnected);
    connect(&m_sessions, &SessionManager::sessionReplaced, this, &HistorySync::onConnected);
    connect(&m_sessions, &SessionManager::messageReceived, this, &HistorySync::onMessage);
}

bool HistorySync::fetchFrom(const QString &source, bool allHistory)
{
    if (!m_store.begin(source, allHistory))
        return false;
    Q_EMIT progressed();
    ask(source);
    return true;
}

void HistorySync::onConnected(const QString &peerId)
{
    const auto pending = m_store.pending();
    if (pending && pending->source == peerId)
        ask(peerId);
}

void HistorySync::ask(const QString &source)
{
    const qint64 cursor = m_store.cursorOf(source);
    const auto pending = m_store.pending();
    if (cursor < 0 || !pending || !m_sessions.isConnected(source))
        return;
    m_sessions.send(source, HistoryProtocol::encodeRequest({cursor, pending->allHistory}));
}

void HistorySync::onMessage(const QString &peerId, const QCborMap &message)
{
    const QString type = Protocol::typeOf(message);
    if (type != HistoryProtocol::Type::Request && type != HistoryProtocol::Type::Page)
        return;
    // A person's history is for their own devices only, whoever else asks or offers.
    if (!m_hooks.ownDevices().contains(peerId)) {
        qCWarning(lcNet).noquote() << "ignoring history" << type << "from" << peerId.left(12)
                                   << ": not a device of this account";
        return;
    }
    if (type == HistoryProtocol::Type::Request)
        answer(peerId, message);
    else
        take(peerId, message);
}

void HistorySync::answer(const QString &peerId, const QCborMap &message)
{
    const auto request = HistoryProtocol::decodeRequest(message);
    if (!request) {
        qCWarning(lcNet).noquote()
            << "dropping a malformed history request from" << peerId.left(12);
        return;
    }
    const auto chunk = m_store.chunkAfter(request->after, peerId, request->allHistory,
                                          HistoryProtocol::MaxItems, HistoryProtocol::MaxPageBytes);
    if (!chunk)
        return; // a database error, logged; the new device asks again at its next session
    m_sessions.send(peerId, HistoryProtocol::encodePage(*chunk));
}

void HistorySync::take(const QString &peerId, const QCborMap &message)
{
    if (m_store.cursorOf(peerId) < 0)
        return; // not asked, or finished: a late page changes nothing
    const auto chunk = HistoryProtocol::decodePage(message);
    if (!chunk) {
        qCWarning(lcNet).noquote() << "dropping a malformed history page from" << peerId.left(12);
        return;
    }
    const auto added = m_store.import(peerId, *chunk);
    if (!added) {
        qCWarning(lcStore) << "could not store a page of history; asking again later";
        return;
    }
    if (m_hooks.imported)
        m_hooks.imported(*added);
    Q_EMIT progressed();
    if (chunk->done)
        qCInfo(lcNet).noquote() << "history from" << peerId.left(12) << "is complete";
    else
        ask(peerId);
}

} // namespace Tincan
