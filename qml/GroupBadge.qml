import QtQuick
import Tincan

// The small mark on a group's avatar that tells a group from a person at a glance.
Rectangle {
    implicitWidth: 18
    implicitHeight: 18
    radius: width / 2
    color: Theme.accent
    border.width: 2
    border.color: Theme.sidebar
    Accessible.role: Accessible.Graphic
    Accessible.name: qsTr("Group")
    Icon {
        anchors.centerIn: parent
        width: 12
        height: 12
        name: "group"
        color: Theme.accentText
        lineWidth: 2.4
    }
}
