import QtQuick
import QtQuick.Controls
import Tincan

// A conversation in a window of its own. Ctrl+W closes it.
ApplicationWindow {
    id: window
    property alias conversationId: view.conversationId
    readonly property alias view: view

    signal peerDetailsRequested(string peerId)
    signal layoutChanged()

    width: 460
    height: 620
    minimumWidth: 340
    minimumHeight: 360
    title: qsTr("%1 — Tincan").arg(view.info.title || "")
    color: Theme.base
    // The Controls palette from Theme: buttons, fields, dialogs and menus follow the theme.
    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.base
    palette.alternateBase: Theme.sidebar
    palette.text: Theme.text
    palette.button: Theme.raised
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.placeholder
    palette.toolTipBase: Theme.raised
    palette.toolTipText: Theme.text
    palette.mid: Theme.separator
    palette.dark: Theme.dark ? "#0d0e10" : "#a9adb4"
    palette.light: Theme.dark ? "#34373d" : "#ffffff"
    palette.midlight: Theme.dark ? "#2a2d32" : "#f2f3f5"
    palette.link: Theme.link

    onXChanged: layoutChanged()
    onYChanged: layoutChanged()
    onWidthChanged: layoutChanged()
    onHeightChanged: layoutChanged()

    Shortcut {
        sequences: [StandardKey.Close]
        onActivated: window.close()
    }

    ConversationView {
        id: view
        anchors.fill: parent
        inWindow: true
        active: window.active
        onPeerDetailsRequested: peerId => window.peerDetailsRequested(peerId)
    }
}
