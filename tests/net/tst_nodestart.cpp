// Node::start() that fails half way leaves nothing built: no open history, no listener, no
// node.json, and the same profile starts cleanly afterwards.
#include "node/node.h"
#include "testnode.h"

#include <QFile>
#include <QSqlDatabase>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;

class TestNodeStart : public QObject
{
    Q_OBJECT

private:
    static std::unique_ptr<Node> nodeOn(const QString &dir, NodeConfig config)
    {
        QString error;
        auto profile = Profile::open(dir, &error);
        if (!profile)
            return nullptr;
        return std::make_unique<Node>(std::move(*profile), std::move(config));
    }

    static void checkNothingLeft(Node &node)
    {
        QVERIFY(!node.isRunning());
        QVERIFY(node.id().isEmpty());
        QVERIFY(!QFile::exists(node.nodeInfoPath()));
        // The history was opened before the failure; its connection is closed again.
        QCOMPARE(QSqlDatabase::connectionNames(), QStringList());
    }

private Q_SLOTS:
    void aTakenPortLeavesNothingBuilt()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost));
        QTemporaryDir dir;
        NodeConfig config = TestNode::defaultConfig();
        config.port = squatter.serverPort();
        auto node = nodeOn(dir.path(), config);
        QVERIFY(node);
        QString error;
        QVERIFY(!node->start(&error));
        QVERIFY2(!error.isEmpty(), "a failed start says why");
        checkNothingLeft(*node);

        squatter.close();
        QVERIFY2(node->start(&error), qPrintable(error)); // the port is free now
        QVERIFY(node->isRunning());
        QCOMPARE(node->port(), config.port);
        node->stop();
        QCOMPARE(QSqlDatabase::connectionNames(), QStringList());
    }

    void aTakenBridgePortLeavesNothingBuilt()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost));
        QTemporaryDir dir;
        NodeConfig config = TestNode::defaultConfig();
        config.bridgePort = squatter.serverPort(); // asked for: a node without it fails
        auto node = nodeOn(dir.path(), config);
        QVERIFY(node);
        QString error;
        QVERIFY(!node->start(&error));
        checkNothingLeft(*node);

        // The peer port of the failed start was given back: another node may take any port.
        auto again = nodeOn(dir.path(), TestNode::defaultConfig());
        QVERIFY2(again->start(&error), qPrintable(error));
        again->stop();
    }
};

QTEST_MAIN(TestNodeStart)
#include "tst_nodestart.moc"
