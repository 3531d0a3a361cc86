import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// The header of one sidebar section (ListView.section of App.sidebar): message requests with
// their count, chats with the new-group button, the people on the network with how many are
// online.
Item {
    id: header
    required property string section

    signal newGroupRequested()

    implicitHeight: row.implicitHeight + row.anchors.topMargin + 4

    RowLayout {
        id: row
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.leftMargin: 12
        anchors.rightMargin: 6
        anchors.topMargin: header.section === "people" ? 18 : header.section === "chats" ? 6 : 12
        SectionHeader {
            Layout.fillWidth: true
            Layout.preferredHeight: 30
            title: header.section === "requests" ? qsTr("Message requests")
                 : header.section === "chats" ? qsTr("Chats") : qsTr("On this network")
            count: header.section === "requests" ? App.requests.count
                 : header.section === "people" ? App.peers.onlineCount : -1
        }
        IconButton {
            visible: header.section === "chats"
            objectName: "newGroupButton"
            iconName: "group"
            text: qsTr("New group")
            implicitWidth: 30
            implicitHeight: 30
            iconColor: Theme.secondaryText
            onClicked: header.newGroupRequested()
        }
    }
}
