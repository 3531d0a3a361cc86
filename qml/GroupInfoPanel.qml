import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// A group's info, from the conversation header: its name (renamable by the creator and
// admins), the members with their roles, inviting people, and leaving. What is allowed comes
// from the core (GroupMembersModel.canManage); the same rules hold on every member's machine.
Drawer {
    id: panel
    property string groupId
    readonly property alias members: membersModel

    edge: Qt.RightEdge
    width: Math.min(360, parent ? parent.width * 0.9 : 360)
    height: parent ? parent.height : 600
    padding: 0

    onOpened: { error.text = ""; nameField.text = membersModel.name }

    function report(ok) { error.text = ok ? "" : App.lastError }

    GroupMembersModel {
        id: membersModel
        groupId: panel.groupId
        onNameChanged: if (!nameField.activeFocus) nameField.text = name
    }

    background: Rectangle {
        color: Theme.window
        Rectangle { width: 1; height: parent.height; color: Theme.separator }
    }

    contentItem: ColumnLayout {
        spacing: 0

        ColumnLayout {
            Layout.fillWidth: true
            Layout.margins: 16
            spacing: 8
            Avatar {
                Layout.alignment: Qt.AlignHCenter
                size: 64
                key: panel.groupId
                initials: App.initialsOf(membersModel.name)
            }
            TextField {
                id: nameField
                objectName: "groupNameField"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                readOnly: !membersModel.canManage
                font.pointSize: Theme.largeFont
                font.weight: Font.DemiBold
                maximumLength: 128
                Accessible.name: qsTr("Group name")
                background: Rectangle {
                    color: nameField.readOnly ? "transparent" : Theme.base
                    radius: Theme.radius
                    border.color: nameField.activeFocus ? Theme.accent : "transparent"
                }
                onAccepted: {
                    if (text.trim() !== membersModel.name)
                        panel.report(App.renameGroup(panel.groupId, text.trim()))
                    focus = false
                }
                onActiveFocusChanged: if (!activeFocus) text = membersModel.name
            }
            Label {
                Layout.alignment: Qt.AlignHCenter
                objectName: "memberSummary"
                text: Fmt.memberCount(membersModel.count, membersModel.onlineCount)
                font.pointSize: Theme.smallFont
                color: Theme.secondaryText
            }
            Label {
                visible: !membersModel.isMember
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: qsTr("You are no longer a member: you receive nothing new from this group.")
                color: Theme.danger
            }
            Label {
                id: error
                objectName: "groupError"
                visible: text !== ""
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.danger
            }
        }

        Rectangle { Layout.fillWidth: true; height: 1; color: Theme.separator }

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 8
            Layout.topMargin: 8
            SectionHeader { title: qsTr("Members"); count: membersModel.count; Layout.fillWidth: true }
            IconButton {
                objectName: "addMembers"
                visible: membersModel.isMember
                iconName: "plus"
                text: qsTr("Add people")
                onClicked: addDialog.open()
            }
        }

        ListView {
            id: memberList
            objectName: "memberList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.leftMargin: 8
            Layout.rightMargin: 8
            clip: true
            model: membersModel
            ScrollBar.vertical: ScrollBar {}
            delegate: GroupMemberDelegate {
                width: memberList.width
                canManage: membersModel.canManage
                onPromoteRequested: peerId => panel.report(App.promoteInGroup(panel.groupId, peerId))
                onRemoveRequested: (peerId, name) => { confirmRemove.peerId = peerId; confirmRemove.name = name; confirmRemove.open() }
            }
        }

        Button {
            objectName: "leaveGroup"
            visible: membersModel.isMember
            Layout.fillWidth: true
            Layout.margins: 16
            text: qsTr("Leave group")
            palette.buttonText: Theme.danger
            onClicked: confirmLeave.open()
        }
    }

    Dialog {
        id: addDialog
        parent: Overlay.overlay
        x: parent ? (parent.width - width) / 2 : 0
        y: 60
        width: Math.min(420, parent ? parent.width - 40 : 420)
        modal: true
        title: qsTr("Add people to %1").arg(membersModel.name)
        standardButtons: Dialog.Cancel
        onOpened: { addPicker.clear(); addPicker.excluded = membersModel.peerIds() }
        contentItem: ColumnLayout {
            PeerPicker { id: addPicker; Layout.fillWidth: true; Layout.preferredHeight: implicitHeight }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("They get the member list and every message from now on, not the history before.")
                font.pointSize: Theme.smallFont
                color: Theme.secondaryText
            }
            Button {
                Layout.alignment: Qt.AlignRight
                highlighted: true
                enabled: addPicker.selectedCount > 0
                text: qsTr("Add %1").arg(addPicker.selectedCount)
                onClicked: { panel.report(App.inviteToGroup(panel.groupId, addPicker.selected)); addDialog.close() }
            }
        }
    }

    Dialog {
        id: confirmRemove
        property string peerId
        property string name
        parent: Overlay.overlay
        x: parent ? (parent.width - width) / 2 : 0
        y: 80
        modal: true
        title: qsTr("Remove %1?").arg(name)
        standardButtons: Dialog.Ok | Dialog.Cancel
        Label {
            width: 320
            wrapMode: Text.Wrap
            text: qsTr("%1 will receive nothing new from this group, including messages still waiting to reach them.").arg(confirmRemove.name)
        }
        onAccepted: panel.report(App.removeFromGroup(panel.groupId, peerId))
    }

    Dialog {
        id: confirmLeave
        parent: Overlay.overlay
        x: parent ? (parent.width - width) / 2 : 0
        y: 80
        modal: true
        title: qsTr("Leave %1?").arg(membersModel.name)
        standardButtons: Dialog.Ok | Dialog.Cancel
        Label {
            width: 320
            wrapMode: Text.Wrap
            text: qsTr("You keep the history so far, but receive nothing new, and only a member can add you back.")
        }
        onAccepted: panel.report(App.leaveGroup(panel.groupId))
    }
}
