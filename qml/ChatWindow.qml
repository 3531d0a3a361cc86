import QtQuick
import QtQuick.Controls
import Tincan

// A conversation in a window of its own. Ctrl+W closes it.
ThemedWindow {
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
