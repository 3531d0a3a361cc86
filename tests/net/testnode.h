#pragma once

#include "node/node.h"

#include <QTemporaryDir>

#include <memory>

// An in-process node on 127.0.0.1 with a profile in a temporary directory, with timeouts
// shrunk so that tests of reconnects and keepalives finish in seconds.
class TestNode
{
public:
    explicit TestNode(const QString &name, Tincan::NodeConfig config = defaultConfig());
    // Another node on the same profile directory, as after a restart.
    TestNode(const QString &name, const QString &profileDir,
             Tincan::NodeConfig config = defaultConfig());
    ~TestNode();

    static Tincan::NodeConfig defaultConfig();

    bool start();
    void stop();
    Tincan::Node &node() { return *m_node; }
    Tincan::Node *operator->() { return m_node.get(); }
    QString id() const { return m_node->id(); }
    QString address() const;
    QString profileDir() const { return m_profileDir; }

private:
    QString m_name;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_profileDir;
    Tincan::NodeConfig m_config;
    std::unique_ptr<Tincan::Node> m_node;
};
