#include "icestreampump.h"

#include "iceagent.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace Tincan {

namespace {
constexpr qint64 kChunk = 64 * 1024;
// What the device may have in flight towards a socket that is not read: several pseudo-TCP
// windows. More means the local side stopped reading, and the link is broken.
constexpr qsizetype kMaxToSocket = 16 * 1024 * 1024;
} // namespace

IceStreamPump::IceStreamPump(IceAgent &agent, int fd, QObject *parent)
    : QObject(parent)
    , m_agent(agent)
    , m_fd(fd)
    , m_readable(fd, QSocketNotifier::Read)
    , m_writable(fd, QSocketNotifier::Write)
{
    m_writable.setEnabled(false);
    connect(&m_readable, &QSocketNotifier::activated, this, &IceStreamPump::readSocket);
    connect(&m_writable, &QSocketNotifier::activated, this, &IceStreamPump::flushToSocket);
    connect(&agent, &IceAgent::received, this, &IceStreamPump::fromNet);
    connect(&agent, &IceAgent::writable, this, &IceStreamPump::flushToNet);
    if (const QByteArray early = agent.claimStream(); !early.isEmpty())
        fromNet(early);
}

IceStreamPump::~IceStreamPump()
{
    m_readable.setEnabled(false);
    m_writable.setEnabled(false);
    ::close(m_fd);
}

void IceStreamPump::readSocket()
{
    moveChunk();
}

// One read from the socket into the ICE stream. True when a whole chunk went, so that more
// may follow at once; false when nothing was read, the window filled or the pair broke.
bool IceStreamPump::moveChunk()
{
    if (!m_toNet.isEmpty()) {
        m_readable.setEnabled(false); // writable() turns it back on
        return false;
    }
    char buffer[kChunk];
    const ssize_t got = ::read(m_fd, buffer, sizeof buffer);
    if (got == 0) {
        m_readable.setEnabled(false);
        Q_EMIT broken(QStringLiteral("the TLS side closed"));
        return false;
    }
    if (got < 0) {
        if (errno != EAGAIN && errno != EINTR)
            Q_EMIT broken(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    const qint64 sent = m_agent.send(buffer, got);
    if (sent < 0) {
        Q_EMIT broken(QStringLiteral("the ICE stream is closed"));
        return false;
    }
    if (sent < got) {
        m_toNet = QByteArray(buffer + sent, got - sent);
        m_readable.setEnabled(false);
        return false;
    }
    return true;
}

void IceStreamPump::drainSocket()
{
    flushToNet();
    while (moveChunk()) {
    }
}

void IceStreamPump::flushToNet()
{
    while (!m_toNet.isEmpty()) {
        const qint64 sent = m_agent.send(m_toNet.constData(), m_toNet.size());
        if (sent <= 0)
            return;
        m_toNet.remove(0, sent);
    }
    m_readable.setEnabled(true);
    Q_EMIT drained();
}

void IceStreamPump::fromNet(const QByteArray &data)
{
    m_toSocket.append(data);
    if (m_toSocket.size() > kMaxToSocket) {
        Q_EMIT broken(QStringLiteral("the TLS side stopped reading"));
        return;
    }
    flushToSocket();
}

void IceStreamPump::flushToSocket()
{
    qsizetype done = 0;
    while (done < m_toSocket.size()) {
        const ssize_t wrote =
            ::write(m_fd, m_toSocket.constData() + done, size_t(m_toSocket.size() - done));
        if (wrote < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN) {
                Q_EMIT broken(QString::fromLocal8Bit(std::strerror(errno)));
                return;
            }
            break;
        }
        done += wrote;
    }
    m_toSocket.remove(0, done);
    m_writable.setEnabled(!m_toSocket.isEmpty());
}

} // namespace Tincan
