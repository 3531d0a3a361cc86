#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

#include <optional>

namespace Tincan {

// The servers that help ICE across NATs. Configured by the user (--stun, --turn, the settings),
// never built in: a STUN server learns this machine's public address, a TURN server also relays
// its (encrypted) traffic. Either is named by an IP literal or a host name; libnice takes
// addresses only, so names are resolved first (iceresolver.h), and a server whose name has not
// resolved (yet) is left out.
struct StunServer
{
    QString host; // as configured: an IP literal (without brackets) or a host name
    quint16 port = 3478;
    QHostAddress address; // a literal's at once; a name's once resolved, null until then
};

struct TurnServer
{
    QString host;
    quint16 port = 3478;
    QString user;
    QString password;
    bool tcp = false; // turn://...?transport=tcp: reach the server over TCP (UDP blocked)
    QHostAddress address;
};

struct IceConfig
{
    QList<StunServer> stun; // libnice asks one: the first
    QList<TurnServer> turn; // every one gives a relayed candidate
};

// Whether host is a name that must be resolved (not an IP literal).
bool isHostName(const QString &host);
// "HOST:PORT" (port defaults to 3478); HOST a host name, or an IPv4 or IPv6 literal (brackets
// allowed).
std::optional<StunServer> parseStunServer(const QString &text, QString *error);
// "turn://USER:PASS@HOST:PORT[?transport=udp|tcp]", user and password percent-encoded.
std::optional<TurnServer> parseTurnServer(const QString &text, QString *error);
// The forms above again, for settings and logs (the password as "***" when redact is set).
QString formatStunServer(const StunServer &server);
QString formatTurnServer(const TurnServer &server, bool redact);

} // namespace Tincan
