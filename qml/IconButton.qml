import QtQuick
import QtQuick.Controls
import Tincan

// A flat tool button with a drawn icon; `text` is its accessible name and tooltip.
ToolButton {
    id: button
    property string iconName
    property color iconColor: Theme.text

    implicitWidth: 34
    implicitHeight: 34
    display: AbstractButton.IconOnly
    focusPolicy: Qt.StrongFocus
    Accessible.name: text
    ToolTip.visible: hovered && text !== ""
    ToolTip.text: text
    ToolTip.delay: 600

    contentItem: Item {
        Icon {
            anchors.centerIn: parent
            name: button.iconName
            color: button.enabled ? button.iconColor : Theme.placeholder
        }
    }
    background: Rectangle {
        radius: width / 2
        color: button.down ? Theme.selected : button.hovered ? Theme.hover : "transparent"
        border.width: button.visualFocus ? 2 : 0
        border.color: Theme.accent
    }
}
