#pragma once

#include <QObject>
#include <QQmlEngine>

namespace Tincan {
class Node;
}

// The QML face of the running node. app/ hands it the node before the engine loads Main.qml;
// QML reaches it only as the `App` singleton.
class AppController : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(QString appName READ appName CONSTANT)
    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(QString displayName READ displayName WRITE setDisplayName NOTIFY displayNameChanged)
    Q_PROPERTY(QString profileDir READ profileDir CONSTANT)
    Q_PROPERTY(int port READ port CONSTANT)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

public:
    static void setNode(Tincan::Node *node);
    static AppController *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    QString appName() const;
    QString version() const;
    QString displayName() const;
    void setDisplayName(const QString &name);
    QString profileDir() const;
    int port() const;
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void displayNameChanged();
    void lastErrorChanged();
    // Emitted when a second start on this profile asks the running app to show itself.
    void activationRequested();

private:
    explicit AppController(Tincan::Node *node);
    void setLastError(const QString &error);

    Tincan::Node *m_node;
    QString m_lastError;
};
