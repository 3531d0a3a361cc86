import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// The main window: sidebar on the left, the open conversation on the right. Also home of the
// app-wide pieces: chat windows, tray, notifications, dialogs and shortcuts.
ThemedWindow {
    id: window
    objectName: "mainWindow"
    width: 1100
    height: 720
    minimumWidth: 640
    minimumHeight: 420
    visible: true
    title: App.totalUnread > 0 ? qsTr("(%1) Tincan — %2").arg(App.totalUnread).arg(App.displayName)
                               : qsTr("Tincan — %1").arg(App.displayName)

    property string currentConversationId

    function showAndRaise() {
        if (window.visible && window.active)
            return
        window.show()
        window.raise()
        window.requestActivate()
    }
    function openConversation(conversationId, uuid) {
        if (conversationId === "")
            return
        if (chatWindows.windows[conversationId]) {
            const w = chatWindows.open(conversationId)
            if (uuid)
                w.view.jumpTo(uuid)
            return
        }
        currentConversationId = conversationId
        showAndRaise()
        if (uuid)
            Qt.callLater(() => conversation.jumpTo(uuid))
    }
    function openPeer(peerId) {
        openConversation(App.openDirect(peerId), "")
    }
    function openInWindow(conversationId) {
        if (currentConversationId === conversationId)
            currentConversationId = ""
        chatWindows.open(conversationId)
    }
    function conversationFocused(conversationId) {
        return (window.active && window.visible && currentConversationId === conversationId)
                || chatWindows.isActive(conversationId)
    }

    onClosing: close => {
        if (App.closeToTray && tray.available) {
            close.accepted = false
            window.hide()
        } else {
            Qt.quit()
        }
    }

    Component.onCompleted: chatWindows.restore()

    Connections {
        target: App
        function onActivationRequested() { window.showAndRaise() }
        function onMessageArrived(conversationId, title, text, isRequest) {
            if (!App.notifications || window.conversationFocused(conversationId))
                return
            tray.notify(conversationId, isRequest ? qsTr("Message request from %1").arg(title) : title, text)
        }
    }

    Shortcut {
        sequences: ["Ctrl+K"]
        onActivated: searchPalette.open()
    }
    Shortcut {
        sequences: [StandardKey.Preferences, "Ctrl+,"]
        onActivated: settingsLoader.open()
    }
    Shortcut {
        sequences: [StandardKey.Quit]
        onActivated: Qt.quit()
    }

    ChatWindows {
        id: chatWindows
        onPeerDetailsRequested: peerId => peerPage.show(peerId)
    }

    TrayIcon {
        id: tray
        onShowRequested: window.showAndRaise()
        onSettingsRequested: { window.showAndRaise(); settingsLoader.open() }
        onQuitRequested: Qt.quit()
        onConversationRequested: conversationId => window.openConversation(conversationId, "")
    }

    SplitView {
        anchors.fill: parent
        orientation: Qt.Horizontal
        handle: Rectangle {
            implicitWidth: 1
            color: SplitHandle.hovered || SplitHandle.pressed ? Theme.accent : Theme.separator
        }

        Sidebar {
            SplitView.preferredWidth: Theme.sidebarWidth
            SplitView.minimumWidth: 240
            SplitView.maximumWidth: 420
            currentConversationId: window.currentConversationId
            onConversationActivated: id => window.openConversation(id, "")
            onOpenInWindow: id => window.openInWindow(id)
            onPeerActivated: peerId => window.openPeer(peerId)
            onPeerDetails: peerId => peerPage.show(peerId)
            onSearchRequested: searchPalette.open()
            onSettingsRequested: settingsLoader.open()
            onAddPeerRequested: addPeer.open()
            onNewGroupRequested: newGroup.open()
        }

        Item {
            SplitView.fillWidth: true
            ConversationView {
                id: conversation
                objectName: "conversationView"
                anchors.fill: parent
                visible: window.currentConversationId !== ""
                conversationId: window.currentConversationId
                active: window.active
                onOpenInWindowRequested: id => window.openInWindow(id)
                onPeerDetailsRequested: peerId => peerPage.show(peerId)
            }
            EmptyState {
                anchors.fill: parent
                visible: window.currentConversationId === ""
                onSearchRequested: searchPalette.open()
                onAddPeerRequested: addPeer.open()
                onJoinRequested: settingsLoader.open() // Your devices: the code goes there
            }
        }
    }

    SearchPalette {
        id: searchPalette
        parent: Overlay.overlay
        onConversationChosen: (id, uuid) => window.openConversation(id, uuid)
        onPeerChosen: peerId => window.openPeer(peerId)
    }
    PeerPage {
        id: peerPage
        parent: Overlay.overlay
        onMessageRequested: peerId => window.openPeer(peerId)
    }
    AddPeerDialog {
        id: addPeer
        parent: Overlay.overlay
    }
    NewGroupDialog {
        id: newGroup
        objectName: "newGroupDialog"
        parent: Overlay.overlay
        onCreated: id => window.openConversation(id, "")
    }
    // Settings load on first use: they pull in the file dialog, which startup does not need.
    Loader {
        id: settingsLoader
        active: false
        function open() {
            active = true
            item.dialog.open()
        }
        sourceComponent: Item {
            property alias dialog: dialog
            SettingsDialog {
                id: dialog
                parent: Overlay.overlay
            }
        }
    }
}
