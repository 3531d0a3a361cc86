#include "appcontroller.h"
#include "frontends.h"
#include "node/node.h"
#include "nodehandle.h"
#include "singleinstance.h"
#include "util/logging.h"

#include <QApplication>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QtQml/QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(TincanPlugin)

namespace {

std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    auto app = std::make_unique<QApplication>(argc, argv); // the tray needs widgets on Linux
    QGuiApplication::setDesktopFileName(QStringLiteral("org.tincan.Tincan"));
    return app;
}

bool activateRunningInstance(const QString &profileDir)
{
    SingleInstanceChannel channel(profileDir);
    return channel.requestActivation();
}

int run(Tincan::Node &node)
{
    if (QQuickStyle::name().isEmpty())
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    SingleInstanceChannel channel(node.profile().dir());
    if (!channel.listen())
        qCWarning(lcApp) << "cannot listen for activation requests; a second start will fail";

    QQmlApplicationEngine engine;
    NodeHandle::attach(engine, node);
    engine.addImportPath(QStringLiteral("qrc:/"));
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreated, qApp,
        [](QObject *object, const QUrl &url) {
            if (!object) {
                qCCritical(lcApp) << "cannot load" << url;
                QCoreApplication::exit(1);
            }
        },
        Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/Tincan/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    const int appTypeId = qmlTypeId("Tincan", 1, 0, "App");
    auto *controller = engine.singletonInstance<AppController *>(appTypeId);
    if (controller)
        QObject::connect(&channel, &SingleInstanceChannel::activationRequested, controller,
                         &AppController::activationRequested);
    return QGuiApplication::exec();
}

} // namespace

const Frontend &guiFrontend()
{
    static const Frontend frontend{makeApplication, run, activateRunningInstance};
    return frontend;
}
