#pragma once

#include "crypto/hpke.h"
#include "discovery/ratelimiter.h"
#include "iceconfig.h"
#include "iceresolver.h"
#include "icesignal.h"
#include "net/sessionlimits.h"
#include "net/transport.h"
#include "rendezvous.h"

#include <QHash>
#include <QPointer>
#include <QSslConfiguration>

#include <functional>

namespace Tincan {

class IceLink;
class Identity;

// The second transport: ICE through NATs (libnice), TLS with the same pinned certificates on
// top. It dials devices by id: a rendezvous finds the device and carries a sealed offer and
// answer (icesignal.h), then IceLink runs the checks and the TLS handshake. Offers that arrive
// through a rendezvous become incoming links, judged by the router as TCP ones are. Made only
// when reaching beyond the LAN is on.
class IceTransport : public Transport
{
    Q_OBJECT
public:
    IceTransport(const Identity &identity, const Hpke::KeyPair &envelopeKey,
                 const SessionLimits &limits, const IceConfig &config, QObject *parent = nullptr);
    ~IceTransport() override;

    // For the links set up from now on; servers named by host name join once resolved.
    void setConfig(const IceConfig &config);
    // Whether an offer from this device may set up an ICE session (the node refuses blocked
    // devices here, before any candidate is gathered or any server contacted for them).
    void setOfferFilter(std::function<bool(const QString &deviceId)> filter)
    {
        m_offerFilter = std::move(filter);
    }
    // Tried in the order added; not owned (one destroyed is forgotten, with the sessions it
    // was setting up).
    void addRendezvous(Rendezvous *rendezvous);

    // Offers one caller may make a minute, through all rendezvous together.
    static constexpr int OffersPerCallerPerMinute = 10;

    QString name() const override { return QStringLiteral("ice"); }
    // Nothing to listen on: offers come through the rendezvous. Accepting them is what this
    // turns on and off.
    bool listen(const QHostAddress &, quint16, QString *) override;
    quint16 listenPort() const override { return 0; }
    void stopListening() override { m_accepting = false; }
    Link *dial(const QString &, quint16) override { return nullptr; }
    Link *dialDevice(const QString &deviceId) override;

private:
    struct Session
    {
        QPointer<IceLink> link;
        QString peer;
        QByteArray peerKey; // to seal to, once known
        QByteArray peerCertificate;
        Rendezvous *via = nullptr;
        QString route;
        int rendezvousTried = 0;
        bool answered = false;
    };
    void lookup(const QByteArray &sessionId);
    void onFound(const RendezvousPeer &peer);
    void onNotFound(const QString &deviceId, const QString &why);
    void onReceived(const QByteArray &sealed, const QString &route);
    void acceptOffer(const IceSignal &offer, Rendezvous *via, const QString &route);
    void sendDescription(const QByteArray &sessionId);
    bool seenBefore(const QByteArray &sessionId);
    void removeRendezvous(Rendezvous *rendezvous);
    QByteArray sessionFor(const QString &deviceId) const;

    const Identity &m_identity;
    Hpke::KeyPair m_key; // a copy: the transport may outlive the Courier that loaded it
    SessionLimits m_limits;
    IceConfig m_config; // with the addresses resolved so far
    IceResolver m_resolver;
    QSslConfiguration m_tls;
    QList<Rendezvous *> m_rendezvous;
    QHash<QByteArray, Session> m_sessions; // by session id
    QHash<QByteArray, qint64> m_seen;      // session ids of offers taken, and when
    // Per caller, a minute's worth at once; the callers heard from least recently go first.
    KeyedRateLimiter<QString> m_offersPerCaller{OffersPerCallerPerMinute / 60.0,
                                                OffersPerCallerPerMinute, 256};
    std::function<bool(const QString &)> m_offerFilter;
    bool m_accepting = false;
};

} // namespace Tincan
