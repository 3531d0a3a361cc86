#pragma once

#include <QByteArray>
#include <QObject>
#include <QSocketNotifier>

namespace Tincan {

class IceAgent;

// Moves bytes between an ICE agent's reliable stream and one end of a local socket pair, whose
// other end a QSslSocket owns: TLS, the hello, framing and keepalives then run over ICE exactly
// as they run over TCP, in the same TlsLink. Each way holds at most one window of bytes; the
// socket side is not read while the ICE window is full, so a slow path pushes back on the
// sender through the socket's own buffer.
class IceStreamPump : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of fd (the pump's end of the pair).
    IceStreamPump(IceAgent &agent, int fd, QObject *parent = nullptr);
    ~IceStreamPump() override;

    // Bytes taken from the socket and not yet accepted by the ICE stream.
    qint64 pending() const { return m_toNet.size(); }
    // Hands the ICE stream whatever the socket holds now, as far as its window takes it: the
    // last bytes of a link that closes (TLS's close_notify), before the agent goes, so that the
    // device learns at once that the link ended instead of when its keepalive runs out.
    void drainSocket();

Q_SIGNALS:
    void drained();
    void broken(const QString &reason);

private:
    void readSocket();
    bool moveChunk();
    void flushToNet();
    void fromNet(const QByteArray &data);
    void flushToSocket();

    IceAgent &m_agent;
    int m_fd;
    QSocketNotifier m_readable;
    QSocketNotifier m_writable;
    QByteArray m_toNet;
    QByteArray m_toSocket;
};

} // namespace Tincan
