import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// One message: optional quote of the message it replies to, the text (selectable, links
// clickable) or a file (FileCard), and a footer with "edited", the time and, for own messages, delivery ticks.
Rectangle {
    id: bubble
    property string html
    property string body
    property bool outgoing: false
    property bool deleted: false
    property bool edited: false
    property bool emojiOnly: false
    property int messageState: 0
    property date sentAt
    property string replyBody
    property string replySender
    property bool hasReply: false
    property real maxWidth: 400
    property bool highlightedFlash: false
    property bool isFile: false  // a file message: FileCard instead of the text
    property var file: ({})
    property string uuid

    readonly property color textColor: outgoing ? Theme.bubbleOutText : Theme.bubbleInText
    readonly property color metaColor: outgoing ? Theme.onAccentMeta : Theme.secondaryText
    readonly property bool plain: emojiOnly && !hasReply
    readonly property color linkColor: outgoing && !plain ? Theme.accentText : Theme.link
    readonly property string styledHtml: html.replace(/<a href=/g, '<a style="color:' + linkColor + '" href=')

    Text {
        id: measure
        visible: false
        text: bodyText.text
        textFormat: bodyText.textFormat === TextEdit.RichText ? Text.RichText : Text.PlainText
        font: bodyText.font
    }

    // The text's natural width comes from an unwrapped twin: a wrapping TextEdit reports the
    // width it was given, which would lock a bubble at its first, narrow size.
    implicitWidth: Math.min(maxWidth, Math.max(isFile ? fileCard.implicitWidth : Math.ceil(measure.implicitWidth) + 2,
                                               footer.implicitWidth, quote.visible ? quote.implicitWidth : 0) + 24)
    implicitHeight: column.implicitHeight + (plain ? 4 : 14)
    radius: Theme.bubbleRadius
    color: plain ? "transparent" : outgoing ? Theme.bubbleOut : Theme.bubbleIn
    border.width: highlightedFlash ? 2 : 0
    border.color: Theme.nearby

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 12
        anchors.topMargin: bubble.plain ? 2 : 7
        anchors.bottomMargin: bubble.plain ? 2 : 7
        spacing: 3

        Rectangle {
            id: quote
            visible: bubble.hasReply
            Layout.fillWidth: true
            implicitWidth: Math.min(quoteColumn.implicitWidth + 14, bubble.maxWidth - 24)
            implicitHeight: quoteColumn.implicitHeight + 8
            radius: 6
            color: bubble.outgoing ? Theme.onAccentShade : Theme.accentTint
            Rectangle {
                width: 3
                height: parent.height
                radius: 1.5
                color: bubble.outgoing ? Theme.accentText : Theme.accent
            }
            ColumnLayout {
                id: quoteColumn
                anchors.fill: parent
                anchors.leftMargin: 10
                anchors.rightMargin: 4
                anchors.topMargin: 4
                anchors.bottomMargin: 4
                spacing: 0
                Label {
                    text: bubble.replySender
                    font.pointSize: Theme.smallFont
                    font.weight: Font.DemiBold
                    color: bubble.outgoing ? Theme.accentText : Theme.accent
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                Label {
                    text: bubble.replyBody !== "" ? bubble.replyBody : qsTr("Message deleted")
                    font.pointSize: Theme.smallFont
                    font.italic: bubble.replyBody === ""
                    color: bubble.textColor
                    opacity: 0.85
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    maximumLineCount: 1
                    Layout.fillWidth: true
                }
            }
        }

        FileCard {
            id: fileCard
            visible: bubble.isFile
            Layout.fillWidth: true
            uuid: bubble.uuid
            file: bubble.file
            fallbackName: bubble.body
            outgoing: bubble.outgoing
            maxWidth: bubble.maxWidth - 24
        }

        TextEdit {
            id: bodyText
            visible: !bubble.isFile
            objectName: "messageText"
            Layout.fillWidth: true
            readOnly: true
            selectByMouse: true
            persistentSelection: false
            wrapMode: TextEdit.Wrap
            textFormat: bubble.deleted ? TextEdit.PlainText : TextEdit.RichText
            text: bubble.deleted ? qsTr("This message was deleted") : bubble.styledHtml
            color: bubble.plain ? Theme.text : bubble.textColor
            selectionColor: bubble.outgoing ? Theme.onAccentSelection : Theme.accent
            selectedTextColor: bubble.outgoing ? bubble.textColor : Theme.accentText
            font.pointSize: bubble.emojiOnly ? Theme.fontSize * 2.4 : Theme.fontSize
            font.italic: bubble.deleted
            opacity: bubble.deleted ? 0.75 : 1
            activeFocusOnPress: false
            Accessible.role: Accessible.StaticText
            Accessible.name: bubble.deleted ? text : bubble.body
            onLinkActivated: link => Qt.openUrlExternally(link)

            HoverHandler {
                enabled: bodyText.hoveredLink !== ""
                cursorShape: Qt.PointingHandCursor
            }
        }

        RowLayout {
            id: footer
            Layout.alignment: Qt.AlignRight
            spacing: 4
            Label {
                visible: bubble.edited
                text: qsTr("edited")
                font.pointSize: Theme.smallFont * 0.9
                font.italic: true
                color: bubble.plain ? Theme.secondaryText : bubble.metaColor
            }
            Label {
                text: Fmt.time(bubble.sentAt)
                font.pointSize: Theme.smallFont * 0.9
                color: bubble.plain ? Theme.secondaryText : bubble.metaColor
            }
            DeliveryTicks {
                visible: bubble.outgoing && !bubble.deleted
                messageState: bubble.messageState
                tint: bubble.plain ? Theme.secondaryText : bubble.metaColor
                readColor: bubble.plain ? Theme.accent : Theme.onAccentRead
                implicitWidth: 16
                implicitHeight: 11
            }
        }
    }
}
