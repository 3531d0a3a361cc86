import QtQuick
import QtQuick.Controls
import Tincan

// Three bouncing dots in an incoming bubble while the peer is typing.
Item {
    id: indicator
    property bool active: false

    implicitHeight: active ? 44 : 0
    implicitWidth: 80
    visible: active
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("typing")

    Rectangle {
        x: 16
        anchors.verticalCenter: parent.verticalCenter
        width: 58
        height: 32
        radius: Theme.bubbleRadius
        color: Theme.bubbleIn

        Row {
            anchors.centerIn: parent
            spacing: 5
            Repeater {
                model: 3
                delegate: Rectangle {
                    id: dot
                    required property int index
                    width: 7
                    height: 7
                    radius: 3.5
                    color: Theme.secondaryText
                    SequentialAnimation on opacity {
                        running: indicator.active
                        loops: Animation.Infinite
                        PauseAnimation { duration: dot.index * 160 }
                        NumberAnimation { from: 0.3; to: 1; duration: 300 }
                        NumberAnimation { from: 1; to: 0.3; duration: 300 }
                        PauseAnimation { duration: (2 - dot.index) * 160 }
                    }
                }
            }
        }
    }
}
