import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// One member in a group's info panel: who, their role, presence, and what an admin may do to
// them (make admin, remove). Nobody can act on the creator, or on themselves here.
ItemDelegate {
    id: row
    required property string peerId
    required property string name
    required property string initials
    required property int memberRole
    required property bool online
    required property bool isSelf
    property bool canManage: false

    signal promoteRequested(string peerId)
    signal removeRequested(string peerId, string name)

    readonly property string roleText: memberRole === Core.Creator ? qsTr("Creator")
                                       : memberRole === Core.Admin ? qsTr("Admin") : ""
    readonly property bool actionable: canManage && !isSelf && memberRole !== Core.Creator

    padding: 8
    Accessible.name: roleText !== "" ? qsTr("%1, %2").arg(name).arg(roleText) : name
    onClicked: if (actionable) menu.popup()

    background: Rectangle {
        radius: Theme.radius
        color: row.hovered && row.actionable ? Theme.hover : "transparent"
    }

    contentItem: RowLayout {
        spacing: 10
        Avatar {
            size: 34
            key: row.peerId
            initials: row.initials
            presence: row.online ? "online" : "offline"
        }
        Label {
            Layout.fillWidth: true
            text: row.isSelf ? qsTr("%1 (you)").arg(row.name) : row.name
            elide: Text.ElideRight
            color: Theme.text
        }
        Label {
            visible: row.roleText !== ""
            text: row.roleText
            font.pointSize: Theme.smallFont
            color: Theme.accent
            leftPadding: 6
            rightPadding: 6
            topPadding: 2
            bottomPadding: 2
            background: Rectangle { radius: height / 2; color: Theme.selected }
        }
        IconButton {
            visible: row.actionable
            iconName: "settings"
            text: qsTr("Actions for %1").arg(row.name)
            implicitWidth: 28
            implicitHeight: 28
            iconColor: Theme.secondaryText
            onClicked: menu.popup()
        }
    }

    Menu {
        id: menu
        MenuItem {
            text: qsTr("Make admin")
            enabled: row.memberRole === Core.Member
            onTriggered: row.promoteRequested(row.peerId)
        }
        MenuItem {
            text: qsTr("Remove from group")
            onTriggered: row.removeRequested(row.peerId, row.name)
        }
    }
}
