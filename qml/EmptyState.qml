import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// The right side before a conversation is chosen.
Pane {
    id: empty
    signal searchRequested()
    signal addPeerRequested()
    signal joinRequested() // this is a new device of someone who has Tincan elsewhere

    DevicesInfo { id: devices }

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
        // First start on a new device: join the account of another device, history included.
        Button {
            objectName: "joinOtherDevice"
            Layout.alignment: Qt.AlignHCenter
            visible: devices.canJoin
            flat: true
            text: qsTr("I use Tincan on another device…")
            Accessible.name: qsTr("Join the account of your other device")
            onClicked: empty.joinRequested()
        }
    }
}
