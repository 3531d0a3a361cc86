#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>

// A real `tincan` process for black-box tests: started with a profile, ready once it has
// written node.json with its own pid.
class NodeProcess
{
public:
    explicit NodeProcess(QString profileDir);
    ~NodeProcess();

    void start(const QStringList &extraArgs = {}, bool headless = true);
    // Waits until node.json names this process; false on timeout or early exit.
    bool waitUntilReady(int timeoutMs = 30000);
    QJsonObject nodeInfo() const;
    quint16 port() const;

    void terminate(); // SIGTERM
    void kill();      // SIGKILL
    bool waitForExit(int timeoutMs);

    QProcess &process() { return m_process; }
    QString profileDir() const { return m_profileDir; }
    QString output() const; // stdout + stderr collected so far

private:
    QString m_profileDir;
    QProcess m_process;
};
