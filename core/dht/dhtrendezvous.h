#pragma once

#include "discovery/ratelimiter.h"
#include "ice/rendezvous.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>

namespace Tincan {

class DhtNode;
class Identity;

// The rendezvous through the DHT (docs/protocol.md, "Rendezvous over the DHT"), for when no
// mutual contact is online. This device publishes its record at its listen keys (dhtrecord.h)
// and listens there for offers; to reach a device, a caller reads that device's record, puts
// its sealed offer beside it and listens at a random key for the sealed answer. Limits: this
// node puts at most PutsPerMinute values, and hands on at most OffersPerMinute offers a minute
// (IceTransport caps them per caller once opened).
class DhtRendezvous : public Rendezvous
{
    Q_OBJECT
public:
    DhtRendezvous(DhtNode &node, const Identity &identity, const QByteArray &envelopeKey,
                  QObject *parent = nullptr);
    ~DhtRendezvous() override;

    QString name() const override { return QStringLiteral("dht"); }
    void lookup(const QString &deviceId) override;
    bool deliver(const QString &route, const QString &deviceId, const QByteArray &sealed) override;

    static constexpr int PutsPerMinute = 30;
    static constexpr int OffersPerMinute = 60;

private:
    void publish();
    void onValue(quint64 handle, const QByteArray &data);
    bool takeOffer();
    void listenForAnswer(const QByteArray &replyKey);

    DhtNode &m_node;
    const Identity &m_identity;
    QByteArray m_signedRecord; // this device's envelope key, signed, without its mailbox
    qint64 m_day = -1;         // the day the listen keys below are for
    QList<QPair<QByteArray, quint64>> m_published; // (key, value id), cancelled on rotation
    QSet<quint64> m_listens;                       // handles of the listens at own keys
    QSet<quint64> m_answerListens;                 // handles of listens for an answer
    QTimer m_rotation;
    QElapsedTimer m_clock;
    // The project's token buckets, on m_clock: a minute's worth at once, then as they refill.
    TokenBucket m_puts{PutsPerMinute / 60.0, PutsPerMinute, 0};
    TokenBucket m_offers{OffersPerMinute / 60.0, OffersPerMinute, 0};
    bool m_refusingOffers = false; // said once per run of refusals
};

} // namespace Tincan
