#include "icelink.h"

#include "icestreampump.h"
#include "net/tlslink.h"
#include "util/logging.h"

#include <QSslSocket>

#include <sys/socket.h>

namespace Tincan {

namespace {
// Gathering (a TURN allocation is two round trips), the rendezvous both ways through a
// contact, and the checks, on a path that may lose packets.
constexpr std::chrono::seconds kIceTimeout{30};
} // namespace

IceLink::IceLink(Direction direction, const QString &deviceId, const QByteArray &sessionId,
                 const IceConfig &ice, const QSslConfiguration &tls, const SessionLimits &limits,
                 QObject *parent)
    : Link(parent)
    , m_direction(direction)
    , m_peer(deviceId)
    , m_sessionId(sessionId)
    , m_target(QStringLiteral("ice:") + deviceId.left(12))
    , m_tls(tls)
    , m_limits(limits)
    , m_agent(direction == Direction::Outgoing ? IceAgent::Role::Controlling
                                               : IceAgent::Role::Controlled,
              ice)
{
    m_iceTimer.setSingleShot(true);
    m_iceTimer.setInterval(kIceTimeout);
    connect(&m_iceTimer, &QTimer::timeout, this,
            [this] { close(QStringLiteral("no ICE path within %1 s").arg(kIceTimeout.count())); });
    connect(&m_agent, &IceAgent::gathered, this, [this] {
        qCDebug(lcNet).noquote() << "ICE candidates for" << m_peer.left(12) << ":"
                                 << localDescription().split(u'\n').filter(u"candidate");
        if (!m_remoteDescription.isEmpty())
            setRemoteDescription(std::exchange(m_remoteDescription, {}));
        Q_EMIT localDescriptionReady();
    });
    connect(&m_agent, &IceAgent::ready, this, &IceLink::onReady);
    connect(&m_agent, &IceAgent::failed, this, &IceLink::close);
}

IceLink::~IceLink()
{
    if (m_link)
        m_link->disconnect(this);
}

void IceLink::start(const Protocol::Hello &localHello)
{
    m_localHello = localHello;
    m_iceTimer.start();
    QString error;
    if (!m_agent.start(&error))
        close(error);
}

void IceLink::setRemoteDescription(const QString &sdp)
{
    if (localDescription().isEmpty()) { // libnice pairs candidates once it has its own
        m_remoteDescription = sdp;
        return;
    }
    QString error;
    if (!m_closed && !m_agent.setRemoteDescription(sdp, &error))
        close(error);
}

void IceLink::onReady()
{
    if (m_closed || m_link)
        return;
    m_iceTimer.stop();
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) {
        close(QStringLiteral("cannot make a local socket pair"));
        return;
    }
    auto *socket = new QSslSocket;
    socket->setSslConfiguration(m_tls);
    if (!socket->setSocketDescriptor(fds[0])) {
        ::close(fds[1]);
        const QString why = socket->errorString();
        delete socket;
        close(QStringLiteral("cannot use a local socket pair: %1").arg(why));
        return;
    }
    m_pump = new IceStreamPump(m_agent, fds[1], this);
    connect(m_pump, &IceStreamPump::broken, this, &IceLink::close);
    connect(m_pump, &IceStreamPump::drained, this, &Link::outboundDrained);
    m_link = new TlsLink(socket, m_direction, m_limits, this);
    LinkPath path = m_agent.path();
    path.ice = true;
    m_link->setFixedPath(path, m_target);
    connect(m_link, &Link::secured, this, &Link::secured);
    connect(m_link, &Link::authenticated, this, &Link::authenticated);
    connect(m_link, &Link::messageReceived, this, &Link::messageReceived);
    connect(m_link, &Link::outboundDrained, this, &Link::outboundDrained);
    connect(m_link, &Link::closed, this, &IceLink::close);
    m_link->start(m_localHello);
}

Link::State IceLink::state() const
{
    if (m_closed)
        return State::Closed;
    return m_link ? m_link->state() : State::Connecting;
}

const DeviceCredential &IceLink::remote() const
{
    return m_link ? m_link->remote() : m_none;
}

LinkPath IceLink::path() const
{
    LinkPath path = m_agent.path(); // the pair in use now: libnice may select a better one
    path.ice = true;
    return path;
}

// TLS's own keepalive ping, through the whole ICE path: a pair whose local address is gone
// fails it as any dead path would.
void IceLink::probe(std::chrono::milliseconds within)
{
    if (!m_closed && m_link)
        m_link->probe(within);
}

void IceLink::send(const QCborMap &message)
{
    if (!m_closed && m_link)
        m_link->send(message);
}

qint64 IceLink::pendingOutbound() const
{
    return (m_link ? m_link->pendingOutbound() : 0) + (m_pump ? m_pump->pending() : 0);
}

void IceLink::close(const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    m_iceTimer.stop();
    if (m_link) {
        m_link->disconnect(this);
        m_link->close(reason); // writes TLS's close_notify into the socket pair
        if (m_pump)
            m_pump->drainSocket();
    } else {
        qCInfo(lcNet).noquote() << "ICE session with" << m_peer.left(12) << "closed:" << reason;
    }
    Q_EMIT closed(reason);
}

} // namespace Tincan
