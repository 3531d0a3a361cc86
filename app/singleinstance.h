#pragma once

#include <QLocalServer>
#include <QObject>

// Lets a second GUI start on the same profile raise the running window instead of failing.
// The profile lock decides who runs; this channel only carries the "show yourself" request.
class SingleInstanceChannel : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstanceChannel(const QString &profileDir, QObject *parent = nullptr);

    bool listen();
    // Called by the second instance; true if the running one acknowledged.
    bool requestActivation();

Q_SIGNALS:
    void activationRequested();

private:
    QString m_name;
    QLocalServer m_server;
};
