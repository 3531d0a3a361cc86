import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// A peer in the "On this network" list: presence, name, trust, and how it was last seen.
ItemDelegate {
    id: row
    required property string peerId
    required property string name
    required property string initials
    required property int trust
    required property bool online
    required property string presence
    required property date lastSeen
    required property bool ownDevice

    signal showDetails()
    signal stepRequested(int delta) // Up and Down: to the row above or below

    padding: 8
    Accessible.name: qsTr("%1, %2").arg(name).arg(subtitle.text)
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    // The list moves the focus (Sidebar: rows off screen have no item to chain through).
    Keys.onDownPressed: stepRequested(1)
    Keys.onUpPressed: stepRequested(-1)

    background: Rectangle {
        radius: Theme.radius
        color: row.hovered ? Theme.hover : "transparent"
        border.width: row.visualFocus ? 2 : 0
        border.color: Theme.accent
    }

    contentItem: RowLayout {
        spacing: 10
        Avatar {
            size: 32
            key: row.peerId
            initials: row.initials
            presence: row.presence
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            RowLayout {
                spacing: 6
                Layout.fillWidth: true
                Label {
                    Layout.fillWidth: true
                    text: row.name
                    elide: Text.ElideRight
                    color: row.trust === Core.Blocked ? Theme.secondaryText : Theme.text
                    font.strikeout: row.trust === Core.Blocked
                }
                TrustBadge { trust: row.trust }
            }
            Label {
                id: subtitle
                Layout.fillWidth: true
                elide: Text.ElideRight
                font.pointSize: Theme.smallFont
                color: Theme.secondaryText
                text: row.trust === Core.Blocked ? qsTr("blocked")
                      : row.ownDevice ? (row.online ? qsTr("your device, online") : qsTr("your device"))
                      : row.presence === "online" ? qsTr("online")
                      : row.presence === "nearby" ? qsTr("on this network")
                      : Fmt.lastSeen(row.lastSeen)
            }
        }
        IconButton {
            iconName: "info"
            text: qsTr("Details of %1").arg(row.name)
            implicitWidth: 28
            implicitHeight: 28
            opacity: row.hovered || activeFocus ? 1 : 0
            onClicked: row.showDetails()
        }
    }
}
