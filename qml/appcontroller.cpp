#include "appcontroller.h"

#include "node/node.h"
#include "version.h"

namespace {
Tincan::Node *s_node = nullptr;
AppController *s_instance = nullptr;
} // namespace

void AppController::setNode(Tincan::Node *node)
{
    s_node = node;
}

AppController *AppController::create(QQmlEngine *qmlEngine, QJSEngine *jsEngine)
{
    Q_UNUSED(jsEngine)
    Q_ASSERT(s_node);
    if (!s_instance) {
        s_instance = new AppController(s_node);
        // The engine must not delete it: windows and the tray may outlive one engine's view.
        QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
        QObject::connect(qmlEngine, &QObject::destroyed, s_instance, [] {
            delete s_instance;
            s_instance = nullptr;
        });
    }
    return s_instance;
}

AppController::AppController(Tincan::Node *node)
    : m_node(node)
{
    connect(m_node, &Tincan::Node::displayNameChanged, this, &AppController::displayNameChanged);
}

QString AppController::appName() const
{
    return QStringLiteral("Tincan");
}

QString AppController::version() const
{
    return QStringLiteral(TINCAN_VERSION_STRING);
}

QString AppController::displayName() const
{
    return m_node->displayName();
}

void AppController::setDisplayName(const QString &name)
{
    QString error;
    if (!m_node->setDisplayName(name, &error))
        setLastError(error);
}

QString AppController::profileDir() const
{
    return m_node->profile().dir();
}

int AppController::port() const
{
    return m_node->port();
}

void AppController::setLastError(const QString &error)
{
    if (error == m_lastError)
        return;
    m_lastError = error;
    Q_EMIT lastErrorChanged();
}
