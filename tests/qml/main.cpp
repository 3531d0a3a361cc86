// Runs the tst_*.qml files of this folder (Qt Quick Test). The App singleton wraps a real node
// on 127.0.0.1 with discovery off. Any warning from QML fails the run: a binding error is a bug
// even when the test's own checks pass.
#include "nodehandle.h"
#include "testnode.h"

#include <QQmlEngine>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(TincanPlugin)

namespace {
QtMessageHandler s_previous = nullptr;
int s_qmlWarnings = 0;

void recordWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const bool ours = context.category && qstrncmp(context.category, "tincan.", 7) == 0;
    if (type != QtDebugMsg && type != QtInfoMsg && !ours)
        ++s_qmlWarnings;
    if (s_previous)
        s_previous(type, context, message);
}
} // namespace

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable() { m_node = std::make_unique<TestNode>(QStringLiteral("Tester")); }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
        NodeHandle::attach(*engine, m_node->node());
        // Installed here, after Qt Quick Test's own handler, so that both see every message.
        if (!s_previous)
            s_previous = qInstallMessageHandler(recordWarnings);
    }
    void cleanupTestCase()
    {
        // The node outlives the engines; it goes with the process.
    }

private:
    std::unique_ptr<TestNode> m_node;
};

int main(int argc, char **argv)
{
    Setup setup;
    const int failures =
        quick_test_main_with_setup(argc, argv, "tst_qmlcomponents", QUICK_TEST_SOURCE_DIR, &setup);
    if (s_qmlWarnings > 0) {
        std::fprintf(stderr, "FAIL: %d warning(s) at run time, see above\n", s_qmlWarnings);
        return failures + 1;
    }
    return failures;
}

#include "main.moc"
