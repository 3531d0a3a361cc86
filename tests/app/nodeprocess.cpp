#include "nodeprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

#include <csignal>

NodeProcess::NodeProcess(QString profileDir)
    : m_profileDir(std::move(profileDir))
{
    m_process.setProgram(QStringLiteral(TINCAN_BINARY));
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

NodeProcess::~NodeProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void NodeProcess::start(const QStringList &extraArgs, bool headless)
{
    QStringList args{QStringLiteral("--profile"), m_profileDir};
    if (headless)
        args << QStringLiteral("--headless");
    m_process.setArguments(args + extraArgs);
    m_process.start();
}

bool NodeProcess::waitUntilReady(int timeoutMs)
{
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    const QDeadlineTimer deadline(timeoutMs);
    // Polls a file written by another process; there is no signal to wait on.
    while (!deadline.hasExpired()) {
        if (m_process.state() == QProcess::NotRunning)
            return false;
        if (nodeInfo().value(QStringLiteral("pid")).toInteger() == m_process.processId())
            return true;
        m_process.waitForReadyRead(20);
    }
    return false;
}

QJsonObject NodeProcess::nodeInfo() const
{
    QFile file(QDir(m_profileDir).filePath(QStringLiteral("node.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

quint16 NodeProcess::port() const
{
    return static_cast<quint16>(nodeInfo().value(QStringLiteral("port")).toInt());
}

void NodeProcess::terminate()
{
    ::kill(static_cast<pid_t>(m_process.processId()), SIGTERM);
}

void NodeProcess::kill()
{
    ::kill(static_cast<pid_t>(m_process.processId()), SIGKILL);
}

bool NodeProcess::waitForExit(int timeoutMs)
{
    return m_process.waitForFinished(timeoutMs);
}

QString NodeProcess::output() const
{
    return QString::fromLocal8Bit(const_cast<QProcess &>(m_process).peek(1 << 20));
}
