import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// A search result: a chat or a person (avatar and name), or a message (where, who, when and
// the matching words in bold).
ItemDelegate {
    id: row
    required property int index
    required property string kind
    required property string conversationId
    required property string peerId
    required property string title
    required property string initials
    required property string senderName
    required property bool outgoing
    required property string snippet
    required property date sentAt
    property bool current: false

    padding: 10
    leftPadding: 16
    Accessible.name: kind === "message" ? qsTr("Message from %1: %2").arg(senderName).arg(snippet) : title
    background: Rectangle { color: row.current || row.hovered ? Theme.selected : "transparent" }

    contentItem: RowLayout {
        spacing: 10
        Avatar {
            size: 32
            key: row.peerId || row.conversationId
            initials: row.initials
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 1
            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.fillWidth: true
                    text: row.kind !== "message" || row.senderName === row.title ? row.title
                          : row.outgoing ? qsTr("You to %1").arg(row.title)
                          : qsTr("%1 in %2").arg(row.senderName).arg(row.title)
                    elide: Text.ElideRight
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                Label {
                    visible: row.kind !== "peer"
                    text: Fmt.shortWhen(row.sentAt)
                    font.pointSize: Theme.smallFont
                    color: Theme.secondaryText
                }
            }
            Label {
                visible: text !== ""
                Layout.fillWidth: true
                text: row.kind === "peer" ? qsTr("Start a conversation") : row.snippet
                textFormat: row.kind === "peer" ? Text.PlainText : Text.StyledText
                elide: Text.ElideRight
                maximumLineCount: 1
                font.pointSize: Theme.smallFont
                color: Theme.secondaryText
            }
        }
    }
}
