// Startup to first frame, and idle memory, of the real GUI: the same steps as `tincan` (widgets
// application, Fusion, profile, node, Main.qml), timed from the moment the kernel started the
// process. Prints one JSON line. Run by tests/gui/bench-gui.sh; see docs/performance.md.
//   bench_gui_startup --profile DIR [--idle-ms N]     measure
//   bench_gui_startup --profile DIR --seed N          put N messages in one chat, open it in a
//                                                     window at the next start, and exit
#include "chat/messenger.h"
#include "node/node.h"
#include "nodehandle.h"

#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <ctime>
#include <unistd.h>

Q_IMPORT_QML_PLUGIN(TincanPlugin)

namespace {

// Milliseconds since this process was started by the kernel (/proc/self/stat, field 22).
double msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const double startTicks = fields.value(19).toDouble(); // field 22 counted from 1, after comm
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowMs = double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6;
    return nowMs - startTicks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

long rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

int seed(Tincan::Node &node, int count)
{
    const QString peer = QStringLiteral("ef").repeated(32);
    const auto conversation = node.messenger().conversations().direct(peer);
    QList<Tincan::OutgoingMessage> batch;
    for (int i = 0; i < count; ++i) {
        Tincan::OutgoingMessage message;
        message.conversationId = conversation->id;
        message.body = QStringLiteral("Seeded message number %1, long enough to wrap once or "
                                      "twice in a chat window of ordinary width.")
                           .arg(i);
        message.sentAt = QDateTime::currentDateTimeUtc().addSecs(i - count);
        batch.append(message);
    }
    if (!node.messenger().messages().sendBatch(batch))
        return 1;
    const QJsonObject window{{QStringLiteral("conversationId"), conversation->id},
                             {QStringLiteral("x"), 40},
                             {QStringLiteral("y"), 40},
                             {QStringLiteral("width"), 460},
                             {QStringLiteral("height"), 620}};
    QString error;
    return node.setSetting(QStringLiteral("windows"), QJsonArray{window}, &error) ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString profileDir = args.value(args.indexOf(QStringLiteral("--profile")) + 1);
    const int idleMs = args.contains(QStringLiteral("--idle-ms"))
                           ? args.value(args.indexOf(QStringLiteral("--idle-ms")) + 1).toInt()
                           : 3000;
    QString error;
    auto profile = Tincan::Profile::open(profileDir, &error);
    if (!profile) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    Tincan::Node node(std::move(*profile));
    if (!node.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    if (args.contains(QStringLiteral("--seed")))
        return seed(node, args.value(args.indexOf(QStringLiteral("--seed")) + 1).toInt());

    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QQmlApplicationEngine engine;
    NodeHandle::attach(engine, node);
    engine.addImportPath(QStringLiteral("qrc:/"));
    double firstFrameMs = -1;
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreated, &app, [&](QObject *object) {
        auto *window = qobject_cast<QQuickWindow *>(object);
        if (!window)
            return;
        QObject::connect(window, &QQuickWindow::frameSwapped, &app, [&, window] {
            if (firstFrameMs >= 0)
                return;
            firstFrameMs = msSinceProcessStart();
            QObject::disconnect(window, &QQuickWindow::frameSwapped, &app, nullptr);
            QTimer::singleShot(idleMs, &app, [&] {
                std::printf("{\"firstFrameMs\": %.0f, \"idleRssKiB\": %ld, \"idleAfterMs\": %d}\n",
                            firstFrameMs, rssKiB(), idleMs);
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        });
    });
    engine.load(QUrl(QStringLiteral("qrc:/Tincan/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return QApplication::exec();
}
