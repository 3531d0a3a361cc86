#pragma once

#include "profile/profile.h"

#include <QJsonObject>
#include <QObject>
#include <QTcpServer>

namespace Tincan {

// One running Tincan identity: the facade that app/, the QML layer and the bridge talk to.
// It owns the subsystems of a profile and publishes DIR/node.json while it runs.
class Node : public QObject
{
    Q_OBJECT
public:
    explicit Node(Profile profile, QObject *parent = nullptr);
    ~Node() override;

    // Listens on every address (IPv4 and IPv6) at port, 0 for an ephemeral one.
    bool start(quint16 port, QString *error);
    void stop();
    bool isRunning() const { return m_running; }

    const Profile &profile() const { return m_profile; }
    quint16 port() const;
    QString displayName() const { return m_profile.displayName(); }
    bool setDisplayName(const QString &name, QString *error);

    QString nodeInfoPath() const;

Q_SIGNALS:
    void displayNameChanged();

private:
    bool writeNodeInfo(QString *error) const;

    Profile m_profile;
    QTcpServer m_server;
    bool m_running = false;
};

} // namespace Tincan
