import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// In the sidebar, while any key change waits for a decision: who, and a way to the banner.
ColumnLayout {
    id: alert
    signal openRequested(string peerId)

    visible: App.keyChanges.count > 0
    spacing: 4

    Repeater {
        model: App.keyChanges
        delegate: ItemDelegate {
            id: item
            required property string knownId
            required property string knownName
            Layout.fillWidth: true
            padding: 8
            Accessible.name: qsTr("Security warning: %1's key changed").arg(knownName)
            onClicked: alert.openRequested(knownId)
            background: Rectangle {
                radius: Theme.radius
                color: Theme.dangerBackground
                border.color: Theme.danger
                border.width: item.visualFocus ? 2 : 1
            }
            contentItem: RowLayout {
                spacing: 8
                Icon { name: "shield"; color: Theme.danger }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("%1's key changed — review").arg(item.knownName)
                    wrapMode: Text.Wrap
                    color: Theme.text
                    font.weight: Font.DemiBold
                }
            }
        }
    }
}
