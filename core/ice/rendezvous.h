#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace Tincan {

// A device found through a rendezvous: its certificate (its SPKI hashes to deviceId, checked),
// the key to seal signals to (signed by that device, checked), and the route the rendezvous
// will use to reach it.
struct RendezvousPeer
{
    QString deviceId;
    QByteArray certificate; // DER
    QByteArray envelopeKey; // HPKE public key
    QString route;          // opaque to the caller: which contact, which DHT key
};

// A way to exchange sealed ICE signals (icesignal.h) with a device no link reaches yet. The
// first is a mutual contact who is connected to both (ContactRendezvous); a DHT plugs in beside
// it. A rendezvous carries sealed bytes and never opens them: it learns that someone wants to
// reach deviceId, and nothing of what they say.
class Rendezvous : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QString name() const = 0;
    // Looks for the device; found() or notFound() follows, once.
    virtual void lookup(const QString &deviceId) = 0;
    // Hands a sealed signal to the device by a route that found() or received() gave. False
    // when that route is gone.
    virtual bool deliver(const QString &route, const QString &deviceId,
                         const QByteArray &sealed) = 0;

Q_SIGNALS:
    void found(const Tincan::RendezvousPeer &peer);
    void notFound(const QString &deviceId, const QString &why);
    // A sealed signal for this device, and the route an answer goes back by.
    void received(const QByteArray &sealed, const QString &route);
};

} // namespace Tincan

Q_DECLARE_METATYPE(Tincan::RendezvousPeer)
