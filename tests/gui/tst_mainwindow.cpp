// Drives the real main window (qrc:/Tincan/Main.qml on a real node) like a user: click a peer,
// type a message, press Enter. Then the message must be in the other node's store and on
// screen, and the other node's answer must show up too. Any QML warning fails the test.
#include "chat/messenger.h"
#include "crypto/account.h"
#include "devices/devicelinker.h"
#include "iconprovider.h"
#include "net/sessionmanager.h"
#include "nodehandle.h"
#include "store/conversationrepository.h"
#include "store/database.h"
#include "store/peerrepository.h"
#include "store/transaction.h"
#include "testnode.h"
#include "windowtestutil.h"

#include <QAbstractItemModel>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include <memory>

Q_IMPORT_QML_PLUGIN(TincanPlugin)

using namespace WindowTest;

namespace {
constexpr int Timeout = 20000;
QtMessageHandler s_previous = nullptr;
QStringList s_warnings;

void recordWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const bool ours = context.category && qstrncmp(context.category, "tincan.", 7) == 0;
    // The offscreen platform says this whenever a second top-level window shows; not QML's.
    const bool offscreenNote = message == QLatin1String("This plugin does not support raise()");
    if (type != QtDebugMsg && type != QtInfoMsg && !ours && !offscreenNote)
        s_warnings.append(message);
    s_previous(type, context, message);
}

// The real main window (qrc:/Tincan/Main.qml) on the node; null if it did not load.
QQuickWindow *loadMainWindow(TestNode &node, QQmlApplicationEngine &engine)
{
    NodeHandle::attach(engine, node.node());
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.load(QUrl(QStringLiteral("qrc:/Tincan/Main.qml")));
    return engine.rootObjects().size() == 1
               ? qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst())
               : nullptr;
}

bool storeHas(TestNode &node, const QString &conversation, const QString &body)
{
    const auto page = node->messenger().messages().history(conversation, 50);
    return page && std::any_of(page->messages.cbegin(), page->messages.cend(),
                               [&](const Tincan::MessageRecord &m) { return m.body == body; });
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { s_previous = qInstallMessageHandler(recordWarnings); }
    void cleanup() { QVERIFY2(s_warnings.isEmpty(), qPrintable(s_warnings.join(u'\n'))); }

    // The tray and the welcome screen show the app's one mark (the package icon's tin cans on
    // blue), with the unread count on top.
    void theTrayIconIsTheAppsMark()
    {
        IconProvider icons;
        QSize size;
        const QImage plain = icons.requestImage(QStringLiteral("tray/0"), &size, QSize(64, 64));
        QCOMPARE(size, QSize(64, 64));
        const QImage svgMark = QImage(QStringLiteral(":/Tincan/mark.png"));
        QVERIFY2(!svgMark.isNull(), "the mark rendered from resources/icons is in the resources");
        const QColor corner = plain.pixelColor(32, 14); // inside the blue square, above the cans
        QVERIFY2(corner.blue() > 150 && corner.red() < 120, qPrintable(corner.name()));
        const QColor can = plain.pixelColor(18, 30); // the left can's label
        QVERIFY2(can.red() > 180 && can.green() > 100, qPrintable(can.name()));
        const QImage badged = icons.requestImage(QStringLiteral("tray/3"), &size, QSize(64, 64));
        QVERIFY(badged.pixelColor(50, 8) != plain.pixelColor(50, 8)); // the red badge
    }

    void sendsAMessageTypedIntoTheWindow()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob"));
        QString error;
        QVERIFY(bob->connectTo(alice.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(alice->sessions().isConnected(bob.id()), Timeout);

        QQmlApplicationEngine engine;
        QQuickWindow *window = loadMainWindow(alice, engine);
        QVERIFY(window);
        window->requestActivate();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(QTest::qWaitForWindowActive(window));

        // Bob is on the network list; a click opens the conversation with him.
        QQuickItem *peer = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((peer = findByProperty(window, "peerId", bob.id())) != nullptr,
                                 Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(peer->property("presence").toString(), QStringLiteral("online"),
                                  Timeout);
        click(window, peer);
        QQuickItem *title = nullptr;
        QTRY_VERIFY(
            (title = findByProperty(window, "objectName", QStringLiteral("conversationTitle"))));
        QCOMPARE(title->property("text").toString(), QStringLiteral("Bob"));

        // The composer has the focus: type and press Enter.
        QTRY_COMPARE(window->activeFocusItem() ? window->activeFocusItem()->objectName()
                                               : QString(),
                     QStringLiteral("composerInput"));
        const QString text = QStringLiteral("Hello from the window");
        for (const QChar c : text) // QTest has keyClicks for widgets only
            QTest::keyClick(window, c.toLatin1());
        QTest::keyClick(window, Qt::Key_Return);

        QTRY_VERIFY_WITH_TIMEOUT(storeHas(bob, alice.id(), text), Timeout);
        QTRY_VERIFY(findByProperty(window, "body", text));
        QQuickItem *input = findByProperty(window, "objectName", QStringLiteral("composerInput"));
        QCOMPARE(input->property("text").toString(), QString());

        // Bob answers; it shows, with the conversation in the sidebar on top.
        QVERIFY(bob->messenger().sendText(alice.id(), QStringLiteral("Hi Alice!"), {}, &error));
        QTRY_VERIFY_WITH_TIMEOUT(findByProperty(window, "body", QStringLiteral("Hi Alice!")),
                                 Timeout);
        QQuickItem *row = findByProperty(window, "conversationId", bob.id());
        QVERIFY(row);
        QTRY_COMPARE(row->property("preview").toString(), QStringLiteral("Hi Alice!"));
        // The window is active and shows the conversation: it is read at once.
        QTRY_COMPARE_WITH_TIMEOUT(alice->messenger().conversations().find(bob.id())->unread, 0,
                                  Timeout);
    }

    // Settings → Your devices, by keyboard as a user would: a code for a new device, the number
    // both show, "Yes, the same", and the laptop is in the account.
    void linksANewDeviceFromTheSettings()
    {
        TestNode ada(QStringLiteral("Ada")), laptop(QStringLiteral("Ada laptop"));
        QQmlApplicationEngine engine;
        QQuickWindow *window = loadMainWindow(ada, engine);
        QVERIFY(window);
        window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window));
        QTest::keyClick(window, Qt::Key_Comma, Qt::ControlModifier);
        const auto press = [&](const QString &name) {
            QQuickItem *item = nullptr;
            QTRY_VERIFY_WITH_TIMEOUT((item = findByProperty(window, "objectName", name)), Timeout);
            item->forceActiveFocus(Qt::TabFocusReason);
            QTest::keyClick(window, Qt::Key_Space);
        };
        press(QStringLiteral("linkDeviceButton"));
        QQuickItem *code = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (code = findByProperty(window, "objectName", QStringLiteral("linkCode"))), Timeout);
        QVERIFY(code->property("text").toString().startsWith(QStringLiteral("tincan://link/")));

        QString error;
        QVERIFY2(laptop->joinAccount(code->property("text").toString(), &error), qPrintable(error));
        QQuickItem *number = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (number = findByProperty(window, "objectName", QStringLiteral("linkConfirmation"))),
            Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(
            laptop->deviceLinking()->stage == Tincan::DeviceLinking::Stage::Confirm, Timeout);
        QCOMPARE(number->property("text").toString(), laptop->deviceLinking()->confirmation);
        QVERIFY(laptop->confirmDeviceLink(true, &error));
        press(QStringLiteral("linkConfirmYes"));
        QTRY_VERIFY_WITH_TIMEOUT(
            findByProperty(window, "text", QStringLiteral("Ada laptop is now in your account.")),
            Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(laptop->accountId(), ada->accountId(), Timeout);
        QCOMPARE(ada->account().devices().devices.size(), 2);
        // The sidebar says whose device the laptop is (its subtitle is in its accessible name).
        QQuickItem *row = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((row = findByProperty(window, "peerId", laptop.id())) &&
                                     row->property("ownDevice").toBool(),
                                 Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(
            findByProperty(window, "text", QStringLiteral("your device, online")), Timeout);
    }

    // A new profile offers, on its first screen, to join the account of another device: the
    // button leads to the code field. Once the profile has a conversation, it is gone.
    void aNewProfileOffersToJoinAnotherDevice()
    {
        TestNode laptop(QStringLiteral("Ada laptop")), ben(QStringLiteral("Ben"));
        QQmlApplicationEngine engine;
        QQuickWindow *window = loadMainWindow(laptop, engine);
        QVERIFY(window);
        window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window));
        QQuickItem *join = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (join = findByProperty(window, "objectName", QStringLiteral("joinOtherDevice"))),
            Timeout);
        join->forceActiveFocus(Qt::TabFocusReason);
        QTest::keyClick(window, Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(findByProperty(window, "objectName", QStringLiteral("joinCode")),
                                 Timeout);
        QTest::keyClick(window, Qt::Key_Escape);

        QString error;
        QVERIFY(laptop->openDirect(ben.id(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(!join->isVisible(), Timeout);
    }

    // Each engine shows the node attached to it, not one that a static remembers: two engines on
    // two nodes, each with App and a per-view object, see their own node.
    void eachEngineShowsItsOwnNode()
    {
        TestNode alice(QStringLiteral("Alice")), bob(QStringLiteral("Bob"));
        QString error;
        QVERIFY(bob->connectTo(alice.address(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(alice->sessions().isConnected(bob.id()), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(bob->sessions().isConnected(alice.id()), Timeout);

        const auto view = [](QQmlEngine &engine, TestNode &node, const QString &otherId) {
            NodeHandle::attach(engine, node.node());
            engine.addImportPath(QStringLiteral("qrc:/"));
            QQmlComponent component(&engine);
            component.setData(QStringLiteral("import QtQml\nimport Tincan\nQtObject {\n"
                                             "  property string self: App.selfId\n"
                                             "  property string other: info.name\n"
                                             "  property PeerInfo info: PeerInfo { peerId: '%1' }\n"
                                             "}\n")
                                  .arg(otherId)
                                  .toUtf8(),
                              QUrl(QStringLiteral("qrc:/eachEngine.qml")));
            QObject *object = component.create();
            if (!object)
                qWarning() << component.errors();
            return std::unique_ptr<QObject>(object);
        };
        QQmlEngine aliceEngine, bobEngine;
        const auto aliceView = view(aliceEngine, alice, bob.id());
        const auto bobView = view(bobEngine, bob, alice.id());
        QVERIFY(aliceView && bobView);
        QCOMPARE(aliceView->property("self").toString(), alice.id());
        QCOMPARE(bobView->property("self").toString(), bob.id());
        QCOMPARE(aliceView->property("other").toString(), QStringLiteral("Bob"));
        QCOMPARE(bobView->property("other").toString(), QStringLiteral("Alice"));
    }

    // The `windows` setting brings chat windows back at start; closing one forgets it.
    void restoresChatWindowsAndForgetsClosedOnes()
    {
        TestNode alice(QStringLiteral("Alice"));
        const auto conversation =
            alice->messenger().conversations().direct(QStringLiteral("ab").repeated(32));
        QVERIFY(conversation);
        const QJsonObject saved{{QStringLiteral("conversationId"), conversation->id},
                                {QStringLiteral("x"), 30},
                                {QStringLiteral("y"), 40},
                                {QStringLiteral("width"), 420},
                                {QStringLiteral("height"), 520}};
        QString error;
        QVERIFY(alice->setSetting(QStringLiteral("windows"), QJsonArray{saved}, &error));

        QQmlApplicationEngine engine;
        QVERIFY(loadMainWindow(alice, engine));
        QQuickWindow *chat = nullptr;
        QTRY_VERIFY((chat = [&]() -> QQuickWindow * {
            for (QWindow *w : QGuiApplication::topLevelWindows()) {
                if (w->property("conversationId").toString() == conversation->id && w->isVisible())
                    return qobject_cast<QQuickWindow *>(w);
            }
            return nullptr;
        }()));
        QCOMPARE(chat->width(), 420);
        QCOMPARE(chat->height(), 520);
        chat->close();
        QTRY_COMPARE(alice->setting(QStringLiteral("windows")).toArray().size(), 0);
    }

    // The sidebar is one virtualised list: with 2,000 conversations and 2,000 peers, only the
    // rows near the screen have delegates, and the last peer is still reached by scrolling.
    void theSidebarKeepsThousandsOfRowsCheap()
    {
        constexpr int many = 2000;
        TestNode alice(QStringLiteral("Alice"));
        {
            Tincan::Transaction transaction(alice->database().connection());
            QVERIFY(transaction.isActive());
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (int i = 0; i < many; ++i) {
                const QString id = QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0'));
                QVERIFY(alice->peers().recordSeen(
                    id, QStringLiteral("Peer %1").arg(i, 4, 10, QLatin1Char('0')), {}, now));
                QVERIFY(alice->messenger().conversations().direct(id));
            }
            QVERIFY(transaction.commit());
        }

        QQmlApplicationEngine engine;
        QQuickWindow *window = loadMainWindow(alice, engine);
        QVERIFY(window && QTest::qWaitForWindowExposed(window));
        auto *list = qobject_cast<QQuickItem *>(
            findByProperty(window, "objectName", QStringLiteral("sidebarList")));
        QVERIFY(list);
        QTRY_COMPARE(list->property("count").toInt(), 2 * many);
        const auto delegates = [&] {
            int rows = 0;
            findItem(list, [&](QQuickItem *item) {
                const QByteArray type = item->metaObject()->className();
                rows += type.startsWith("ConversationDelegate") || type.startsWith("PeerDelegate");
                return false;
            });
            return rows;
        };
        QVERIFY2(delegates() > 0 && delegates() < 100, qPrintable(QString::number(delegates())));

        // Down and Up walk the rows in order, also past the ones that had no item yet and back
        // over the ones whose items were dropped while scrolling.
        auto *rows = list->property("model").value<QAbstractItemModel *>();
        QVERIFY(rows);
        const int idRole = rows->roleNames().key("conversationId");
        const auto focusedId = [&] {
            QQuickItem *item = window->activeFocusItem();
            return item ? item->property("conversationId").toString() : QString();
        };
        QQuickItem *first = findItem(list, [&](QQuickItem *item) {
            return item->property("conversationId") == rows->index(0, 0).data(idRole);
        });
        QVERIFY(first);
        first->forceActiveFocus();
        constexpr int steps = 60;
        for (int i = 0; i < steps; ++i)
            QTest::keyClick(window, Qt::Key_Down);
        QCOMPARE(focusedId(), rows->index(steps, 0).data(idRole).toString());
        for (int i = 0; i < steps; ++i)
            QTest::keyClick(window, Qt::Key_Up);
        QCOMPARE(focusedId(), rows->index(0, 0).data(idRole).toString());

        QVERIFY(QMetaObject::invokeMethod(list, "positionViewAtEnd"));
        const QString last = QStringLiteral("%1").arg(many - 1, 64, 16, QLatin1Char('0'));
        QTRY_VERIFY(findItem(list, [&](QQuickItem *item) {
            return item->isVisible() && item->property("peerId") == last &&
                   QByteArray(item->metaObject()->className()).startsWith("PeerDelegate");
        }));
        QVERIFY2(delegates() < 100, qPrintable(QString::number(delegates())));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
