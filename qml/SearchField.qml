import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Looks like a search box; opens the search palette (Ctrl+K), where typing happens.
AbstractButton {
    id: field
    signal activated()

    implicitHeight: 34
    focusPolicy: Qt.StrongFocus
    Accessible.name: qsTr("Search everything (Ctrl+K)")
    onClicked: activated()
    Keys.onReturnPressed: activated()

    background: Rectangle {
        radius: height / 2
        color: field.hovered ? Theme.hover : Theme.base
        border.width: field.visualFocus ? 2 : 1
        border.color: field.visualFocus ? Theme.accent : Theme.separator
    }
    contentItem: RowLayout {
        spacing: 8
        Item { implicitWidth: 4 }
        Icon { name: "search"; color: Theme.secondaryText; implicitWidth: 16; implicitHeight: 16 }
        Label {
            Layout.fillWidth: true
            text: qsTr("Search")
            color: Theme.placeholder
        }
        Label {
            text: "Ctrl+K"
            font.pointSize: Theme.smallFont
            color: Theme.placeholder
        }
        Item { implicitWidth: 6 }
    }
}
