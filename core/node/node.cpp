#include "node.h"

#include "util/logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

namespace Tincan {

Node::Node(Profile profile, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
{}

Node::~Node()
{
    stop();
}

bool Node::start(quint16 port, QString *error)
{
    if (m_running)
        return true;
    if (!m_server.listen(QHostAddress::Any, port)) {
        *error = QStringLiteral("Cannot listen on TCP port %1: %2")
                     .arg(port)
                     .arg(m_server.errorString());
        return false;
    }
    m_running = true;
    if (!writeNodeInfo(error)) {
        stop();
        return false;
    }
    qCInfo(lcNet) << "listening on TCP port" << m_server.serverPort();
    return true;
}

void Node::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_server.close();
    QFile::remove(nodeInfoPath());
    qCInfo(lcApp) << "node stopped";
}

quint16 Node::port() const
{
    return m_server.serverPort();
}

bool Node::setDisplayName(const QString &name, QString *error)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        *error = QStringLiteral("The display name must not be empty.");
        return false;
    }
    if (trimmed == m_profile.displayName())
        return true;
    if (!m_profile.setDisplayName(trimmed, error))
        return false;
    if (m_running)
        writeNodeInfo(error);
    Q_EMIT displayNameChanged();
    return true;
}

QString Node::nodeInfoPath() const
{
    return m_profile.filePath(QStringLiteral("node.json"));
}

bool Node::writeNodeInfo(QString *error) const
{
    QJsonObject info;
    info.insert(QStringLiteral("pid"), QCoreApplication::applicationPid());
    info.insert(QStringLiteral("name"), m_profile.displayName());
    info.insert(QStringLiteral("port"), m_server.serverPort());
    return writePrivateFile(nodeInfoPath(), QJsonDocument(info).toJson(QJsonDocument::Indented),
                            error);
}

} // namespace Tincan
