#pragma once

#include "rendezvous.h"

#include <QCborMap>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>

namespace Tincan {

class PeerMailboxes;
class SessionManager;

// The rendezvous through a mutual contact (docs/protocol.md, "Reaching beyond the LAN"). To
// find B, A asks its connected contacts (rdq); one that is connected to B answers with B's
// certificate and B's signed mailbox record, which holds B's envelope key (rdr). A checks both
// itself, so a lying contact can only fail to help. Sealed signals then travel as rdv frames,
// and the contact passes them on unopened. Every node also plays the contact's part for its
// own peers, within a rate limit per asking device.
class ContactRendezvous : public Rendezvous
{
    Q_OBJECT
public:
    ContactRendezvous(SessionManager &sessions, PeerMailboxes &records, QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("contact"); }
    void lookup(const QString &deviceId) override;
    bool deliver(const QString &route, const QString &deviceId, const QByteArray &sealed) override;

    static const QString Capability; // "ice1", in the hello of nodes that speak this

private:
    void onMessage(const QString &peerId, const QCborMap &frame);
    bool speaks(const QString &peerId) const;
    bool takeToken(const QString &peerId);
    void answerQuery(const QString &peerId, const QCborMap &frame);
    void onAnswer(const QString &peerId, const QCborMap &frame);
    void forward(const QString &peerId, const QCborMap &frame);
    void onContactGone(const QString &peerId);
    void giveUp(const QString &deviceId, const QString &why);

    struct Lookup
    {
        QSet<QString> asked; // contacts that have not answered yet
        QTimer *timer = nullptr;
    };
    SessionManager &m_sessions;
    PeerMailboxes &m_records;
    QHash<QString, Lookup> m_lookups;             // device sought → who was asked
    QHash<QString, QPair<qint64, int>> m_budgets; // asking device → (minute, frames)
    QElapsedTimer m_clock;
};

} // namespace Tincan
