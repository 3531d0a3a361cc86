import QtQuick
import QtQuick.Controls
import Tincan

Rectangle {
    id: badge
    property int count: 0
    property color fill: Theme.accent

    visible: count > 0
    implicitHeight: Math.round(label.implicitHeight + 4)
    implicitWidth: Math.max(implicitHeight, label.implicitWidth + 10)
    radius: implicitHeight / 2
    color: fill
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("%n unread", "", count)

    Label {
        id: label
        anchors.centerIn: parent
        text: badge.count > 99 ? "99+" : badge.count
        color: Theme.accentText
        font.pointSize: Theme.smallFont
        font.weight: Font.Bold
    }
}
