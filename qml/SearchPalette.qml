import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Ctrl+K: one box for everything. Chats and people by name, then messages by content;
// Up/Down choose, Enter opens (a message result opens its conversation at that message).
Popup {
    id: palette
    signal conversationChosen(string conversationId, string uuid)
    signal peerChosen(string peerId)

    width: Math.min(620, parent ? parent.width - 80 : 620)
    height: Math.min(480, parent ? parent.height - 120 : 480)
    x: parent ? (parent.width - width) / 2 : 0
    y: 60
    modal: true
    focus: true
    padding: 0
    Overlay.modal: Rectangle { color: Theme.scrim }

    onOpened: { field.text = ""; field.forceActiveFocus() }

    function activate(row) {
        const item = results.get(row)
        if (!item.kind)
            return
        close()
        if (item.kind === "peer")
            peerChosen(item.peerId)
        else
            conversationChosen(item.conversationId, item.uuid)
    }

    SearchResultsModel { id: results }
    Timer { id: debounce; interval: 150; onTriggered: { results.query = field.text; list.currentIndex = 0 } }

    background: Rectangle {
        color: Theme.raised
        radius: Theme.radius * 1.5
        border.color: Theme.separator
    }

    contentItem: ColumnLayout {
        spacing: 0
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 12
            spacing: 8
            Icon { name: "search"; color: Theme.secondaryText }
            TextField {
                id: field
                objectName: "paletteField"
                Layout.fillWidth: true
                placeholderText: qsTr("Search chats, people and messages")
                Accessible.name: qsTr("Search everything")
                selectByMouse: true
                background: Item {}
                font.pointSize: Theme.largeFont
                onTextChanged: debounce.restart()
                Keys.onDownPressed: list.incrementCurrentIndex()
                Keys.onUpPressed: list.decrementCurrentIndex()
                Keys.onReturnPressed: { debounce.stop(); results.query = text; palette.activate(Math.max(list.currentIndex, 0)) }
                Keys.onEnterPressed: { debounce.stop(); results.query = text; palette.activate(Math.max(list.currentIndex, 0)) }
            }
        }
        Rectangle { Layout.fillWidth: true; height: 1; color: Theme.separator }
        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            ListView {
                id: list
                anchors.fill: parent
                clip: true
                model: results
                currentIndex: 0
                highlightMoveDuration: 0
                ScrollBar.vertical: ScrollBar {}
                section.property: "kind"
                section.delegate: Label {
                    required property string section
                    width: ListView.view.width
                    leftPadding: 16
                    topPadding: 10
                    bottomPadding: 4
                    text: section === "message" ? qsTr("MESSAGES") : section === "peer" ? qsTr("PEOPLE") : qsTr("CHATS")
                    font.pointSize: Theme.smallFont
                    font.weight: Font.DemiBold
                    color: Theme.secondaryText
                }
                delegate: SearchResultDelegate {
                    width: ListView.view.width
                    current: ListView.isCurrentItem
                    onClicked: palette.activate(index)
                }
            }
            Label {
                anchors.centerIn: parent
                visible: field.text !== "" && results.count === 0 && !debounce.running
                text: qsTr("Nothing found")
                color: Theme.secondaryText
            }
            Label {
                anchors.centerIn: parent
                visible: field.text === ""
                width: parent.width - 48
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: qsTr("Type a name to open a chat, or words to find them in every conversation.")
                color: Theme.secondaryText
            }
        }
    }
}
