import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// One row of the conversation list: avatar with presence, title, time of last activity,
// preview (or "typing…") with the delivery ticks of an own last message, unread badge.
ItemDelegate {
    id: row
    required property string conversationId
    required property string title
    required property string initials
    required property string peerId
    required property date lastActivity
    required property int unread
    required property string preview
    required property bool lastOutgoing
    required property bool lastDeleted
    required property int lastState
    required property bool online
    required property bool typing
    required property bool isGroup
    property bool selected: false

    signal openInWindow()
    signal stepRequested(int delta) // Up and Down: to the row above or below

    padding: 10
    highlighted: selected
    Accessible.name: (isGroup ? qsTr("Group %1").arg(title) : title)
                     + (unread > 0 ? qsTr(", %n unread", "", unread) : "")
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    // The list moves the focus (Sidebar: rows off screen have no item to chain through).
    Keys.onDownPressed: stepRequested(1)
    Keys.onUpPressed: stepRequested(-1)
    onDoubleClicked: openInWindow()

    background: Rectangle {
        radius: Theme.radius
        color: row.selected ? Theme.selected : row.hovered ? Theme.hover : "transparent"
        border.width: row.visualFocus ? 2 : 0
        border.color: Theme.accent
    }

    contentItem: RowLayout {
        spacing: 10
        Avatar {
            size: 42
            key: row.peerId || row.conversationId
            initials: row.initials
            presence: row.peerId === "" ? "" : row.online ? "online" : "offline"
            GroupBadge {
                objectName: "groupBadge"
                visible: row.isGroup
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: -2
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.fillWidth: true
                    text: row.title
                    elide: Text.ElideRight
                    font.pointSize: Theme.fontSize
                    font.weight: row.unread > 0 ? Font.Bold : Font.DemiBold
                    color: Theme.text
                }
                Label {
                    text: Fmt.shortWhen(row.lastActivity)
                    font.pointSize: Theme.smallFont
                    color: row.unread > 0 ? Theme.accent : Theme.secondaryText
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 4
                DeliveryTicks {
                    visible: row.lastOutgoing && !row.lastDeleted && !row.typing && row.preview !== ""
                    messageState: row.lastState
                    tint: Theme.secondaryText
                    readColor: Theme.accent
                }
                Label {
                    Layout.fillWidth: true
                    text: row.typing ? qsTr("typing…")
                                     : row.lastDeleted ? qsTr("Message deleted")
                                                       : row.preview
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    maximumLineCount: 1
                    font.pointSize: Theme.smallFont * 1.05
                    font.italic: row.typing || row.lastDeleted
                    color: row.typing ? Theme.accent : Theme.secondaryText
                }
                UnreadBadge { count: row.unread }
            }
        }
    }
}
