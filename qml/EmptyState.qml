import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// The right side before a conversation is chosen.
Pane {
    id: empty
    signal searchRequested()
    signal addPeerRequested()

    background: Rectangle { color: Theme.base }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 420)
        spacing: 14

        Image {
            Layout.alignment: Qt.AlignHCenter
            source: App.appName !== "" ? "image://tincan/tray/0" : ""
            sourceSize: Qt.size(72, 72)
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Welcome to Tincan")
            font.pointSize: Theme.titleFont
            font.weight: Font.DemiBold
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            text: qsTr("Chat with the people on your network — no account, no server, "
                       + "end-to-end encrypted. Pick someone on the left, or press Ctrl+K.")
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: 8
            Button {
                text: qsTr("Search")
                highlighted: true
                Accessible.name: qsTr("Search chats and people")
                onClicked: empty.searchRequested()
            }
            Button {
                text: qsTr("Add by invite link")
                Accessible.name: text
                onClicked: empty.addPeerRequested()
            }
        }
    }
}
