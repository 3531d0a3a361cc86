import QtQuick
import Qt.labs.platform as Platform
import Tincan

// The tray icon: unread count on the icon and in the tooltip, a menu, and the desktop
// notifications (a click on one opens its conversation).
Platform.SystemTrayIcon {
    id: tray
    property string lastConversationId

    signal showRequested()
    signal settingsRequested()
    signal quitRequested()
    signal conversationRequested(string conversationId)

    visible: available
    icon.source: "image://tincan/tray/" + App.totalUnread
    tooltip: App.totalUnread > 0 ? qsTr("Tincan — %n unread", "", App.totalUnread) : qsTr("Tincan")

    function notify(conversationId, title, text) {
        if (!available || !supportsMessages)
            return false
        lastConversationId = conversationId
        showMessage(title, text, Platform.SystemTrayIcon.NoIcon, 6000)
        return true
    }

    onActivated: reason => {
        if (reason === Platform.SystemTrayIcon.Trigger || reason === Platform.SystemTrayIcon.DoubleClick)
            tray.showRequested()
    }
    onMessageClicked: tray.conversationRequested(tray.lastConversationId)

    menu: Platform.Menu {
        Platform.MenuItem {
            text: qsTr("Show Tincan")
            onTriggered: tray.showRequested()
        }
        Platform.MenuItem {
            enabled: false
            text: App.totalUnread > 0 ? qsTr("%n unread", "", App.totalUnread) : qsTr("No unread messages")
        }
        Platform.MenuSeparator {}
        Platform.MenuItem {
            text: qsTr("Settings…")
            onTriggered: tray.settingsRequested()
        }
        Platform.MenuItem {
            text: qsTr("Quit")
            onTriggered: tray.quitRequested()
        }
    }
}
