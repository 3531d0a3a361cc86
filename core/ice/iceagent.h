#pragma once

#include "iceconfig.h"
#include "net/link.h"

#include <QObject>
#include <QTimer>

struct _NiceAgent;
struct _NiceCandidate;

namespace Tincan {

// One ICE session with one device, on libnice (RFC 8445 over RFC 5245 compatibility), in
// reliable mode: after the checks, a pseudo-TCP byte stream runs over the chosen candidate pair.
// It gathers host, server-reflexive (STUN) and relayed (TURN) candidates, describes them as SDP
// for the rendezvous, takes the remote description, and reports the pair it settled on. The
// controlling side is the one that dialled. libnice calls back on GLib's default main context,
// which the Qt event loop drives (glibloop.h), so every signal here comes on the Qt thread.
class IceAgent : public QObject
{
    Q_OBJECT
public:
    enum class Role
    {
        Controlling,
        Controlled
    };
    IceAgent(Role role, const IceConfig &config, QObject *parent = nullptr);
    ~IceAgent() override;

    // Starts gathering; gathered() or failed() follows.
    bool start(QString *error);
    // The local candidates and credentials, once gathered().
    QString localDescription() const;
    // The device's description from the rendezvous; checks start as soon as both are known.
    bool setRemoteDescription(const QString &sdp, QString *error);
    // The pair in use once ready(): its kind and the far end's address.
    LinkPath path() const { return m_path; }

    // The stream, once ready(). send() takes what fits in the window and returns how much;
    // writable() tells when more fits.
    qint64 send(const char *data, qint64 size);
    // What arrived before anyone listened, and from now on received() for everything: the
    // device's first bytes can come before this side saw its own checks complete.
    QByteArray claimStream();

Q_SIGNALS:
    void gathered();
    void ready();
    void failed(const QString &reason);
    void received(const QByteArray &data);
    void writable();

private:
    static void onGatheringDone(_NiceAgent *, unsigned stream, void *self);
    static void onStateChanged(_NiceAgent *, unsigned stream, unsigned component, unsigned state,
                               void *self);
    static void onSelectedPair(_NiceAgent *, unsigned stream, unsigned component,
                               _NiceCandidate *local, _NiceCandidate *remote, void *self);
    static void onWritable(_NiceAgent *, unsigned stream, unsigned component, void *self);
    static void onReceive(_NiceAgent *, unsigned stream, unsigned component, unsigned size,
                          char *data, void *self);
    void fail(const QString &reason);

    _NiceAgent *m_agent = nullptr;
    unsigned m_stream = 0;
    Role m_role;
    IceConfig m_config;
    LinkPath m_path;
    bool m_gathered = false;
    bool m_ready = false;
    bool m_failed = false;
    bool m_claimed = false;
    QByteArray m_early;
};

} // namespace Tincan
