import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Ctrl+F: find in this conversation. Enter (or the arrows) goes to the next older match,
// Shift+Enter to the newer one; each match is scrolled into view and flashed.
Rectangle {
    id: bar
    property string conversationId
    property bool open: false
    readonly property alias field: field

    signal jumpRequested(string uuid)
    signal closed()

    visible: open
    implicitHeight: visible ? row.implicitHeight + 16 : 0
    color: Theme.window

    function show() {
        open = true
        field.forceActiveFocus()
        field.selectAll()
    }
    function hide() {
        open = false
        field.text = ""
        closed()
    }
    function go(step) {
        if (results.count === 0)
            return
        current = (current + step + results.count) % results.count
        jumpRequested(results.get(current).uuid)
    }
    property int current: -1

    SearchResultsModel {
        id: results
        conversationId: bar.conversationId
        onCountChanged: bar.current = -1
    }
    Timer {
        id: debounce
        interval: 200
        onTriggered: { results.query = field.text; if (results.count > 0) bar.go(1) }
    }

    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.separator }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 8
        spacing: 6
        TextField {
            id: field
            objectName: "findField"
            Layout.fillWidth: true
            placeholderText: qsTr("Find in conversation")
            Accessible.name: qsTr("Find in conversation")
            selectByMouse: true
            onTextChanged: debounce.restart()
            Keys.onReturnPressed: event => bar.go((event.modifiers & Qt.ShiftModifier) ? -1 : 1)
            Keys.onEnterPressed: event => bar.go((event.modifiers & Qt.ShiftModifier) ? -1 : 1)
            Keys.onEscapePressed: bar.hide()
        }
        Label {
            text: field.text === "" ? "" : results.count === 0 ? qsTr("No matches")
                                     : qsTr("%1 of %2").arg(Math.max(bar.current + 1, 1)).arg(results.count)
            color: Theme.secondaryText
            font.pointSize: Theme.smallFont
        }
        IconButton { iconName: "up"; text: qsTr("Older match"); enabled: results.count > 0; onClicked: bar.go(1) }
        IconButton { iconName: "down"; text: qsTr("Newer match"); enabled: results.count > 0; onClicked: bar.go(-1) }
        IconButton { iconName: "close"; text: qsTr("Close find (Escape)"); onClicked: bar.hide() }
    }
}
