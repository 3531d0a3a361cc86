#pragma once

#include "iceagent.h"
#include "net/link.h"
#include "net/sessionlimits.h"

#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>

namespace Tincan {

class IceStreamPump;
class TlsLink;

// A Link over ICE: first the ICE session (the transport carries the two descriptions through a
// rendezvous), then the same TlsLink as on the LAN over its stream, so that the pinned
// certificates, the hello, the framing, the limits and the keepalive are those of TCP links,
// and a relay sees only TLS records. The side that dialled controls ICE and is the TLS client.
class IceLink : public Link
{
    Q_OBJECT
public:
    IceLink(Direction direction, const QString &deviceId, const QByteArray &sessionId,
            const IceConfig &ice, const QSslConfiguration &tls, const SessionLimits &limits,
            QObject *parent = nullptr);
    ~IceLink() override;

    QByteArray sessionId() const { return m_sessionId; }
    // The device this session is with: the one dialled, or the one whose offer was accepted.
    QString peerDeviceId() const { return m_peer; }
    QString localDescription() const { return m_agent.localDescription(); }
    void setRemoteDescription(const QString &sdp);

    void start(const Protocol::Hello &localHello) override;
    Direction direction() const override { return m_direction; }
    State state() const override;
    const DeviceCredential &remote() const override;
    LinkPath path() const override;
    QString target() const override { return m_target; }
    void send(const QCborMap &message) override;
    qint64 pendingOutbound() const override;
    void close(const QString &reason) override;
    void probe(std::chrono::milliseconds within) override;

Q_SIGNALS:
    // The local description is ready for the rendezvous.
    void localDescriptionReady();

private:
    void onReady();

    Direction m_direction;
    QString m_peer;
    QByteArray m_sessionId;
    QString m_target;
    QSslConfiguration m_tls;
    SessionLimits m_limits;
    Protocol::Hello m_localHello;
    IceAgent m_agent;
    IceStreamPump *m_pump = nullptr;
    QPointer<TlsLink> m_link;
    QTimer m_iceTimer;
    QString m_remoteDescription; // taken before gathering ended
    DeviceCredential m_none;
    bool m_closed = false;
};

} // namespace Tincan
