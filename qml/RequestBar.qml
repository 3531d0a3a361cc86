import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Above the messages of a message request: someone who is not a contact wrote first.
Rectangle {
    id: bar
    property var info: ({})

    implicitHeight: row.implicitHeight + 24
    color: Theme.warningBackground
    border.color: Theme.warningBorder
    radius: Theme.radius
    Accessible.role: Accessible.AlertMessage
    Accessible.name: label.text

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8
        Label {
            id: label
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.text
            text: qsTr("%1 is not in your contacts yet. Replying accepts the request.")
                  .arg(bar.info.title || "")
        }
        Button {
            text: qsTr("Accept")
            highlighted: true
            Accessible.name: qsTr("Accept message request")
            onClicked: App.acceptRequest(bar.info.conversationId)
        }
        Button {
            text: qsTr("Ignore")
            Accessible.name: qsTr("Ignore message request")
            onClicked: App.ignoreRequest(bar.info.conversationId)
        }
        Button {
            text: qsTr("Block")
            Accessible.name: qsTr("Block %1").arg(bar.info.title || "")
            onClicked: App.setPeerTrust(bar.info.peerId, Core.Blocked)
        }
    }
}
