#pragma once

#include <QHostAddress>
#include <QObject>

namespace Tincan {

class Link;

// A way to reach devices (KDE Connect's LinkProvider): it listens, dials, and makes Links. TLS
// over TCP is the first; ICE comes next. The router (SessionManager) owns the links a transport
// hands it and starts them; it never sees what a link runs over.
class Transport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QString name() const = 0; // for logs: "tls-tcp"
    virtual bool listen(const QHostAddress &address, quint16 port, QString *error) = 0;
    virtual quint16 listenPort() const = 0; // 0 when not listening
    virtual void stopListening() = 0;
    // A new outgoing link to host:port, not yet started; the caller owns it.
    virtual Link *dial(const QString &host, quint16 port) = 0;
    // A new outgoing link to a device known only by its id (a rendezvous finds it), not yet
    // started; null when this transport cannot reach devices that way.
    virtual Link *dialDevice(const QString &deviceId)
    {
        Q_UNUSED(deviceId);
        return nullptr;
    }

Q_SIGNALS:
    // Someone connected; the link is not yet started, and the receiver owns it.
    void incomingLink(Tincan::Link *link);
};

} // namespace Tincan
