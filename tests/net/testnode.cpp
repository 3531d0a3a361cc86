#include "testnode.h"

#include <QTest>

using namespace std::chrono_literals;

TestNode::TestNode(const QString &name, Tincan::NodeConfig config)
    : m_name(name)
    , m_tmp(std::make_unique<QTemporaryDir>())
    , m_profileDir(m_tmp->path())
    , m_config(std::move(config))
{
    start();
}

TestNode::TestNode(const QString &name, const QString &profileDir, Tincan::NodeConfig config)
    : m_name(name)
    , m_profileDir(profileDir)
    , m_config(std::move(config))
{
    start();
}

TestNode::~TestNode() = default;

Tincan::NodeConfig TestNode::defaultConfig()
{
    Tincan::NodeConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.discovery = false; // these tests run outside a network namespace: no multicast
    config.limits.handshakeTimeout = 5s;
    config.reconnect.initialDelay = 100ms;
    config.reconnect.maxDelay = 1s;
    config.dhtBootstrap.emplace(); // never the default public bootstrap: no test contacts it
    return config;
}

bool TestNode::start()
{
    QString error;
    auto profile = Tincan::Profile::open(m_profileDir, &error);
    if (!profile) {
        qWarning() << "profile:" << error;
        return false;
    }
    profile->setDisplayName(m_name, &error);
    m_node = std::make_unique<Tincan::Node>(std::move(*profile), m_config);
    if (!m_node->start(&error)) {
        qWarning() << "start:" << error;
        return false;
    }
    return true;
}

void TestNode::stop()
{
    m_node.reset();
}

QString TestNode::address() const
{
    return QStringLiteral("127.0.0.1:%1").arg(m_node->port());
}
