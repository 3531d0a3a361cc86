#include "iceagent.h"

#include "glibloop.h"
#include "net/tlslink.h"
#include "util/logging.h"

#include <nice/agent.h>

#include <algorithm>

namespace Tincan {

namespace {
constexpr unsigned kComponent = 1; // one stream, one component: the pseudo-TCP byte stream
constexpr int kMaxRemoteCandidates = 32;
constexpr qsizetype kMaxDescription = 8 * 1024;
constexpr qsizetype kMaxEarly = 1024 * 1024; // a TLS handshake's first flight is a few KiB

QHostAddress addressOf(const NiceAddress &address)
{
    char text[NICE_ADDRESS_STRING_LEN] = {};
    nice_address_to_string(&address, text);
    return QHostAddress(QString::fromLatin1(text));
}

struct GFreeString
{
    gchar *text = nullptr;
    ~GFreeString() { g_free(text); }
};
} // namespace

IceAgent::IceAgent(Role role, const IceConfig &config, QObject *parent)
    : QObject(parent)
    , m_role(role)
    , m_config(config)
{}

IceAgent::~IceAgent()
{
    if (!m_agent)
        return;
    // No callback may reach this object once it is gone: libnice may still fire while the
    // agent winds down (TURN deallocation), after the last reference held here is dropped.
    g_signal_handlers_disconnect_by_data(m_agent, this);
    if (m_stream)
        nice_agent_attach_recv(m_agent, m_stream, kComponent, g_main_context_default(), nullptr,
                               nullptr);
    nice_agent_close_async(m_agent, nullptr, nullptr);
    g_object_unref(m_agent);
}

bool IceAgent::start(QString *error)
{
    GlibLoop::ensureDriven();
    m_agent = nice_agent_new_full(g_main_context_default(), NICE_COMPATIBILITY_RFC5245,
                                  NICE_AGENT_OPTION_RELIABLE);
    if (!m_agent) {
        *error = QStringLiteral("libnice could not make an ICE agent");
        return false;
    }
    // UDP paths only (TURN may still be reached over TCP): pseudo-TCP gives the reliability.
    g_object_set(m_agent, "controlling-mode", m_role == Role::Controlling, "ice-tcp", FALSE,
                 "ice-udp", TRUE, "upnp", FALSE, nullptr);
    // A UDP TURN allocation reports the server-reflexive address as well, so asking the same
    // server again by STUN adds nothing but a round trip (and with coturn a 2 s wait: libnice
    // refuses its binding answers and retransmits until it gives up).
    const auto sameAsTurn = [this](const StunServer &stun) {
        return std::any_of(m_config.turn.cbegin(), m_config.turn.cend(), [&](const TurnServer &t) {
            return !t.tcp && t.address == stun.address && t.port == stun.port;
        });
    };
    // libnice asks one STUN server: the first whose address is known (a name may not have
    // resolved yet).
    const auto stunIt = std::find_if(m_config.stun.cbegin(), m_config.stun.cend(),
                                     [](const StunServer &s) { return !s.address.isNull(); });
    if (stunIt != m_config.stun.cend() && !sameAsTurn(*stunIt)) {
        const StunServer &stun = *stunIt;
        const QByteArray ip = stun.address.toString().toLatin1();
        g_object_set(m_agent, "stun-server", ip.constData(), "stun-server-port", guint(stun.port),
                     nullptr);
    }
    g_signal_connect(m_agent, "candidate-gathering-done", G_CALLBACK(&IceAgent::onGatheringDone),
                     this);
    g_signal_connect(m_agent, "component-state-changed", G_CALLBACK(&IceAgent::onStateChanged),
                     this);
    g_signal_connect(m_agent, "new-selected-pair-full", G_CALLBACK(&IceAgent::onSelectedPair),
                     this);
    g_signal_connect(m_agent, "reliable-transport-writable", G_CALLBACK(&IceAgent::onWritable),
                     this);
    m_stream = nice_agent_add_stream(m_agent, 1);
    if (m_stream == 0) {
        *error = QStringLiteral("libnice could not add a stream");
        return false;
    }
    nice_agent_set_stream_name(m_agent, m_stream, "application");
    for (const TurnServer &turn : std::as_const(m_config.turn)) {
        if (turn.address.isNull())
            continue; // its name has not resolved
        const QByteArray ip = turn.address.toString().toLatin1();
        nice_agent_set_relay_info(m_agent, m_stream, kComponent, ip.constData(), turn.port,
                                  turn.user.toUtf8().constData(),
                                  turn.password.toUtf8().constData(),
                                  turn.tcp ? NICE_RELAY_TYPE_TURN_TCP : NICE_RELAY_TYPE_TURN_UDP);
    }
    nice_agent_attach_recv(m_agent, m_stream, kComponent, g_main_context_default(),
                           &IceAgent::onReceive, this);
    if (!nice_agent_gather_candidates(m_agent, m_stream)) {
        *error = QStringLiteral("ICE found no local address to gather candidates on");
        return false;
    }
    return true;
}

QString IceAgent::localDescription() const
{
    if (!m_agent || !m_gathered)
        return {};
    GFreeString sdp{nice_agent_generate_local_stream_sdp(m_agent, m_stream, FALSE)};
    return QString::fromUtf8(sdp.text);
}

bool IceAgent::setRemoteDescription(const QString &sdp, QString *error)
{
    if (!m_agent || sdp.size() > kMaxDescription) {
        *error = QStringLiteral("an ICE description over %1 bytes").arg(kMaxDescription);
        return false;
    }
    GFreeString ufrag, pwd;
    GSList *candidates = nice_agent_parse_remote_stream_sdp(
        m_agent, m_stream, sdp.toUtf8().constData(), &ufrag.text, &pwd.text);
    const int count = int(g_slist_length(candidates));
    bool ok = candidates && ufrag.text && pwd.text && count <= kMaxRemoteCandidates;
    if (ok)
        ok = nice_agent_set_remote_credentials(m_agent, m_stream, ufrag.text, pwd.text) &&
             nice_agent_set_remote_candidates(m_agent, m_stream, kComponent, candidates) > 0;
    g_slist_free_full(candidates, reinterpret_cast<GDestroyNotify>(&nice_candidate_free));
    if (!ok)
        *error = QStringLiteral("an ICE description without credentials or with 1 to %1 usable "
                                "candidates (%2 given)")
                     .arg(kMaxRemoteCandidates)
                     .arg(count);
    return ok;
}

qint64 IceAgent::send(const char *data, qint64 size)
{
    if (!m_ready || m_failed)
        return -1;
    const gint sent = nice_agent_send(m_agent, m_stream, kComponent, guint(size), data);
    return sent < 0 ? 0 : sent; // -1: the window is full (EWOULDBLOCK); writable() follows
}

QByteArray IceAgent::claimStream()
{
    m_claimed = true;
    return std::exchange(m_early, {});
}

void IceAgent::fail(const QString &reason)
{
    if (m_failed)
        return;
    m_failed = true;
    Q_EMIT failed(reason);
}

void IceAgent::onGatheringDone(NiceAgent *, unsigned, void *self)
{
    auto *agent = static_cast<IceAgent *>(self);
    agent->m_gathered = true;
    Q_EMIT agent->gathered();
}

void IceAgent::onStateChanged(NiceAgent *, unsigned, unsigned, unsigned state, void *self)
{
    auto *agent = static_cast<IceAgent *>(self);
    qCDebug(lcNet) << "ICE component state"
                   << nice_component_state_to_string(NiceComponentState(state));
    // Connected: a pair works and is selected. Ready comes when every other check has ended,
    // which can be seconds later (a check to an unreachable host candidate runs out its
    // retransmissions); the stream runs on the selected pair from connected on, and libnice
    // moves it if a better pair is selected later.
    if ((state == NICE_COMPONENT_STATE_CONNECTED || state == NICE_COMPONENT_STATE_READY) &&
        !agent->m_ready) {
        agent->m_ready = true;
        Q_EMIT agent->ready();
    } else if (state == NICE_COMPONENT_STATE_FAILED) {
        agent->fail(agent->m_ready ? QStringLiteral("the ICE path was lost")
                                   : QStringLiteral("ICE found no working path"));
    }
}

void IceAgent::onSelectedPair(NiceAgent *, unsigned, unsigned, NiceCandidate *local,
                              NiceCandidate *remote, void *self)
{
    auto *agent = static_cast<IceAgent *>(self);
    const bool relayed =
        local->type == NICE_CANDIDATE_TYPE_RELAYED || remote->type == NICE_CANDIDATE_TYPE_RELAYED;
    const QHostAddress address = addressOf(remote->addr);
    // The local end is the host address the candidate stands on (a relay's is the server's).
    agent->m_path = {relayed ? LinkPath::Kind::Relayed : classifyTcpPath(address), address,
                     quint16(nice_address_get_port(&remote->addr)), false,
                     addressOf(local->base_addr)};
    qCInfo(lcNet).noquote() << "ICE pair selected:" << LinkPath::kindName(agent->m_path.kind)
                            << "to" << agent->m_path.endpoint();
}

void IceAgent::onWritable(NiceAgent *, unsigned, unsigned, void *self)
{
    Q_EMIT static_cast<IceAgent *>(self)->writable();
}

void IceAgent::onReceive(NiceAgent *, unsigned, unsigned, unsigned size, char *data, void *self)
{
    auto *agent = static_cast<IceAgent *>(self);
    if (size == 0) { // pseudo-TCP's end of stream
        agent->fail(QStringLiteral("the device closed the ICE stream"));
    } else if (!agent->m_claimed) {
        if (agent->m_early.size() + qsizetype(size) > kMaxEarly)
            agent->fail(QStringLiteral("the device sent too much before the checks ended"));
        else
            agent->m_early.append(data, qsizetype(size));
    } else {
        Q_EMIT agent->received(QByteArray(data, qsizetype(size)));
    }
}

} // namespace Tincan
