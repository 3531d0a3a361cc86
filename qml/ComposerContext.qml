import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Above the composer while replying or editing: what, and a way out (Escape works too).
Rectangle {
    id: context
    property bool editing: false
    property bool replying: false
    property string replySender
    property string replyText

    signal cancelled()

    visible: editing || replying
    implicitHeight: visible ? row.implicitHeight + 12 : 0
    radius: Theme.radius
    color: Theme.accentTint

    Rectangle { width: 3; height: parent.height; radius: 1.5; color: Theme.accent }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 4
        spacing: 8
        Icon { name: context.editing ? "edit" : "reply"; color: Theme.accent }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            Label {
                text: context.editing ? qsTr("Editing your message") : qsTr("Replying to %1").arg(context.replySender)
                font.pointSize: Theme.smallFont
                font.weight: Font.DemiBold
                color: Theme.accent
            }
            Label {
                visible: context.replying
                Layout.fillWidth: true
                text: context.replyText
                textFormat: Text.PlainText
                elide: Text.ElideRight
                maximumLineCount: 1
                font.pointSize: Theme.smallFont
                color: Theme.secondaryText
            }
        }
        IconButton {
            iconName: "close"
            text: context.editing ? qsTr("Cancel edit (Escape)") : qsTr("Cancel reply (Escape)")
            implicitWidth: 28
            implicitHeight: 28
            onClicked: context.cancelled()
        }
    }
}
