// Startup to first frame, idle memory and scripted scrolling of the real GUI: the same steps as
// `tincan` (widgets application, Fusion, profile, node, Main.qml), timed from the moment the
// kernel started the process. Prints one JSON line. Run by tests/gui/bench-gui.sh; see
// docs/performance.md.
//   bench_gui_startup --profile DIR [--idle-ms N]       first frame and idle RSS
//   bench_gui_startup --profile DIR --scroll FRAMES     also, when the chat window has drawn,
//                                                       scroll it up and then the sidebar down,
//                                                       one 40 px step per frame
//   bench_gui_startup --profile DIR --seed N            put N messages in one chat, open it in a
//                                                       window at the next start, and exit
//   bench_gui_startup --profile DIR --seed-office P,C,M P peers, C conversations, an M-message
//                                                       chat in a window (guiseed.h), and exit
#include "guiseed.h"
#include "node/node.h"
#include "nodehandle.h"
#include "scrollprobe.h"
#include "windowtestutil.h"

#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <memory>
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

QQuickItem *itemNamed(QQuickItem *root, const QString &name)
{
    return WindowTest::findItem(root, [&](QQuickItem *item) { return item->objectName() == name; });
}

// Calls back, once, when the chat window restored at start is about to be exposed: before its
// first frame, and without polling the event loop during the start-up being measured.
class ChatWindowWatch : public QObject
{
public:
    explicit ChatWindowWatch(std::function<void(QQuickWindow *)> found)
        : m_found(std::move(found))
    {
        QCoreApplication::instance()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *object, QEvent *event) override
    {
        if (event->type() == QEvent::Expose && object->isWindowType() &&
            !object->property("conversationId").toString().isEmpty()) {
            if (auto *window = qobject_cast<QQuickWindow *>(object)) {
                QCoreApplication::instance()->removeEventFilter(this);
                m_found(window);
            }
        }
        return false;
    }

private:
    std::function<void(QQuickWindow *)> m_found;
};

int intArg(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 ? args.value(i + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString profileDir = args.value(args.indexOf(QStringLiteral("--profile")) + 1);
    const int idleMs = intArg(args, QStringLiteral("--idle-ms"), 3000);
    const int scrollFrames = intArg(args, QStringLiteral("--scroll"), 0);
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
        return GuiSeed::chatInWindow(node, intArg(args, QStringLiteral("--seed"), 0)) ? 0 : 1;
    if (args.contains(QStringLiteral("--seed-office"))) {
        const QStringList sizes =
            args.value(args.indexOf(QStringLiteral("--seed-office")) + 1).split(QLatin1Char(','));
        return GuiSeed::office(node, sizes.value(0).toInt(), sizes.value(1).toInt(),
                               sizes.value(2).toInt())
                   ? 0
                   : 1;
    }

    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QQmlApplicationEngine engine;
    NodeHandle::attach(engine, node);
    engine.addImportPath(QStringLiteral("qrc:/"));
    QJsonObject result;
    const auto report = [&] {
        // After a scroll the figure is the memory of a window that has been used, not idle.
        result.insert(scrollFrames > 0 ? QStringLiteral("rssAfterScrollKiB")
                                       : QStringLiteral("idleRssKiB"),
                      qint64(rssKiB()));
        result.insert(QStringLiteral("idleAfterMs"), idleMs);
        std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        QCoreApplication::quit();
    };
    // Scrolls the chat up, then the sidebar down, then reports. A list that is not there is an
    // error, never a figure.
    QQuickWindow *mainWindow = nullptr;
    QQuickWindow *chat = nullptr;
    const auto probe = [&](QQuickWindow *window, const char *list, double deltaY) {
        QQuickItem *item = itemNamed(window->contentItem(), QString::fromLatin1(list));
        if (!item) {
            std::fprintf(stderr, "no %s in the window\n", list);
            std::exit(3);
        }
        return new ScrollProbe(window, item, scrollFrames, deltaY, &app);
    };
    const auto scroll = [&] {
        auto *messages = probe(chat, "messageList", -40);
        QObject::connect(messages, &ScrollProbe::finished, &app, [&](const QJsonObject &figures) {
            result.insert(QStringLiteral("chatScroll"), figures);
            auto *sidebar = probe(mainWindow, "sidebarList", 40);
            QObject::connect(sidebar, &ScrollProbe::finished, &app, [&](const QJsonObject &f) {
                result.insert(QStringLiteral("sidebarScroll"), f);
                report();
            });
            sidebar->start();
        });
        messages->start();
    };
    // Once both windows have drawn, and after the idle time, the scroll.
    const auto bothDrawn = [&] {
        if (result.contains(QStringLiteral("firstFrameMs")) &&
            result.contains(QStringLiteral("chatFirstFrameMs")))
            QTimer::singleShot(idleMs, &app, scroll);
    };
    // The chat window restored at start is created by Main.qml, not by the engine.
    std::unique_ptr<ChatWindowWatch> watch;
    if (scrollFrames > 0) {
        watch = std::make_unique<ChatWindowWatch>([&](QQuickWindow *window) {
            chat = window;
            QObject::connect(chat, &QQuickWindow::frameSwapped, &app, [&] {
                if (result.contains(QStringLiteral("chatFirstFrameMs")))
                    return;
                result.insert(QStringLiteral("chatFirstFrameMs"), qRound(msSinceProcessStart()));
                bothDrawn();
            });
        });
        // Bounded: a window that never draws ends the run with an error.
        QTimer::singleShot(std::chrono::minutes(2), &app, [] {
            std::fprintf(stderr, "timed out before the scroll ended\n");
            std::exit(3);
        });
    }
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreated, &app, [&](QObject *object) {
        auto *window = qobject_cast<QQuickWindow *>(object);
        if (!window)
            return;
        QObject::connect(window, &QQuickWindow::frameSwapped, &app, [&, window] {
            if (result.contains(QStringLiteral("firstFrameMs")))
                return;
            result.insert(QStringLiteral("firstFrameMs"), qRound(msSinceProcessStart()));
            mainWindow = window;
            if (scrollFrames > 0)
                bothDrawn();
            else
                QTimer::singleShot(idleMs, &app, report);
        });
    });
    engine.load(QUrl(QStringLiteral("qrc:/Tincan/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return QApplication::exec();
}
