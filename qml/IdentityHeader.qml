import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// The local identity at the top of the sidebar: avatar, name and a short fingerprint. Clicking
// it shows the full fingerprint and the invite link.
RowLayout {
    id: header
    signal settingsRequested()
    signal addPeerRequested()

    spacing: 10

    ItemDelegate {
        id: identityButton
        Layout.fillWidth: true
        padding: 6
        Accessible.name: qsTr("Your identity: %1. Show fingerprint").arg(App.displayName)
        onClicked: identityPopup.open()
        background: Rectangle {
            radius: Theme.radius
            color: identityButton.hovered ? Theme.hover : "transparent"
            border.width: identityButton.visualFocus ? 2 : 0
            border.color: Theme.accent
        }
        contentItem: RowLayout {
            spacing: 10
            Avatar {
                size: 40
                key: App.selfId
                initials: App.initials
                source: App.avatarUrl
                presence: "online"
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 1
                Label {
                    objectName: "displayNameLabel"
                    Layout.fillWidth: true
                    text: App.displayName
                    elide: Text.ElideRight
                    font.pointSize: Theme.largeFont
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                Label {
                    Layout.fillWidth: true
                    text: App.fingerprint.substring(0, 19)
                    font.family: "monospace"
                    font.pointSize: Theme.smallFont
                    color: Theme.secondaryText
                    elide: Text.ElideRight
                }
            }
        }
    }
    IconButton {
        iconName: "plus"
        text: qsTr("Add someone by invite link")
        onClicked: header.addPeerRequested()
    }
    IconButton {
        objectName: "settingsButton"
        iconName: "settings"
        text: qsTr("Settings")
        onClicked: header.settingsRequested()
    }

    IdentityPopup {
        id: identityPopup
        parent: Overlay.overlay
        x: 12
        y: 64
    }
}
