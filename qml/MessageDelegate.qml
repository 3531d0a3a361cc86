import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// A row of the message list: the day header and "new messages" divider when they belong above
// this message, then the bubble on its side, with reply/edit/delete actions on hover.
Item {
    id: row
    required property int index
    required property string uuid
    required property string body
    required property string html
    required property bool emojiOnly
    required property string senderName
    required property bool outgoing
    required property date sentAt
    required property int deliveryState
    required property bool edited
    required property bool deleted
    required property string replyTo
    required property string replyBody
    required property string replySender
    required property bool firstInGroup
    required property bool lastInGroup
    required property bool newDay
    required property bool firstUnread
    required property bool isEvent
    required property string deliverySummary
    required property bool isFile
    required property var file
    property bool showSenderNames: false
    property bool flash: false

    signal replyRequested(string uuid, string sender, string text)
    signal editRequested(string uuid)
    signal deleteRequested(string uuid)

    width: ListView.view ? ListView.view.width : 400
    implicitHeight: column.implicitHeight

    ColumnLayout {
        id: column
        width: parent.width
        spacing: 0

        Label {
            visible: row.newDay
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: 14
            Layout.bottomMargin: 6
            text: Fmt.day(row.sentAt)
            font.pointSize: Theme.smallFont
            font.weight: Font.DemiBold
            color: Theme.secondaryText
            leftPadding: 12
            rightPadding: 12
            topPadding: 3
            bottomPadding: 3
            background: Rectangle { radius: height / 2; color: Theme.window; border.color: Theme.separator }
        }

        RowLayout {
            visible: row.firstUnread
            objectName: "unreadDivider"
            Layout.fillWidth: true
            Layout.topMargin: 10
            Layout.bottomMargin: 4
            spacing: 10
            Rectangle { Layout.fillWidth: true; height: 1; color: Theme.danger; opacity: 0.6 }
            Label {
                text: qsTr("New messages")
                font.pointSize: Theme.smallFont
                font.weight: Font.DemiBold
                color: Theme.danger
            }
            Rectangle { Layout.fillWidth: true; height: 1; color: Theme.danger; opacity: 0.6 }
        }

        EventLine {
            visible: row.isEvent
            objectName: "eventLine"
            Layout.alignment: Qt.AlignHCenter
            Layout.maximumWidth: Math.max(100, row.width - 48)
            Layout.topMargin: 8
            Layout.bottomMargin: 4
            text: row.body
            at: row.sentAt
        }

        Label {
            visible: row.showSenderNames && row.firstInGroup && !row.outgoing && !row.isEvent
            Layout.leftMargin: 28
            Layout.topMargin: 8
            text: row.senderName
            font.pointSize: Theme.smallFont
            font.weight: Font.DemiBold
            color: Theme.avatarColor(row.senderName)
        }

        Item {
            id: line
            visible: !row.isEvent
            Layout.fillWidth: true
            Layout.topMargin: row.firstInGroup ? 8 : 2
            implicitHeight: bubble.implicitHeight

            HoverHandler { id: hover }

            MessageBubble {
                id: bubble
                objectName: "bubble"
                x: row.outgoing ? line.width - width - 16 : 16
                width: implicitWidth
                height: implicitHeight
                maxWidth: Math.min(560, line.width * 0.72)
                html: row.html
                body: row.body
                outgoing: row.outgoing
                deleted: row.deleted
                edited: row.edited
                emojiOnly: row.emojiOnly
                messageState: row.deliveryState
                sentAt: row.sentAt
                hasReply: row.replyTo !== ""
                replyBody: row.replyBody
                replySender: row.replySender
                highlightedFlash: row.flash
                isFile: row.isFile
                file: row.file
                uuid: row.uuid
            }

            Row {
                visible: (hover.hovered || replyButton.activeFocus) && !row.deleted
                spacing: 0
                anchors.verticalCenter: bubble.verticalCenter
                x: row.outgoing ? bubble.x - width - 4 : bubble.x + bubble.width + 4
                layoutDirection: row.outgoing ? Qt.RightToLeft : Qt.LeftToRight
                IconButton {
                    id: replyButton
                    iconName: "reply"
                    text: qsTr("Reply")
                    implicitWidth: 28
                    implicitHeight: 28
                    iconColor: Theme.secondaryText
                    onClicked: row.replyRequested(row.uuid, row.senderName, row.body)
                }
                IconButton {
                    visible: row.outgoing && !row.isFile
                    iconName: "edit"
                    text: qsTr("Edit")
                    implicitWidth: 28
                    implicitHeight: 28
                    iconColor: Theme.secondaryText
                    onClicked: row.editRequested(row.uuid)
                }
                IconButton {
                    visible: row.outgoing
                    iconName: "trash"
                    text: qsTr("Delete")
                    implicitWidth: 28
                    implicitHeight: 28
                    iconColor: Theme.secondaryText
                    onClicked: row.deleteRequested(row.uuid)
                }
            }
        }
        // "delivered to 3 of 4" under the newest own message of a run.
        Label {
            objectName: "deliverySummary"
            visible: row.deliverySummary !== "" && row.lastInGroup
            Layout.alignment: Qt.AlignRight
            Layout.rightMargin: 20
            Layout.topMargin: 2
            text: row.deliverySummary
            font.pointSize: Theme.smallFont * 0.95
            color: Theme.secondaryText
        }
    }
}
