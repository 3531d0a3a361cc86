import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// "New group": a name and the people to start it with. Everyone picked becomes a member at
// once; more can be invited later from the group's info panel.
Dialog {
    id: dialog
    signal created(string groupId)

    width: Math.min(460, parent ? parent.width - 40 : 460)
    x: parent ? (parent.width - width) / 2 : 0
    y: 60
    modal: true
    title: qsTr("New group")
    padding: 20

    onOpened: { nameField.text = ""; error.text = ""; picker.clear(); nameField.forceActiveFocus() }

    function create() {
        const id = App.createGroup(nameField.text.trim(), picker.selected)
        if (id === "") {
            error.text = App.lastError
            return
        }
        close()
        created(id)
    }

    contentItem: ColumnLayout {
        spacing: 10
        RowLayout {
            spacing: 12
            Avatar {
                size: 48
                key: nameField.text
                initials: App.initialsOf(nameField.text.trim())
                Icon {
                    visible: nameField.text.trim() === ""
                    anchors.centerIn: parent
                    name: "group"
                    color: Theme.accentText
                    width: 24
                    height: 24
                }
            }
            TextField {
                id: nameField
                objectName: "groupName"
                Layout.fillWidth: true
                placeholderText: qsTr("Group name")
                maximumLength: 128
                selectByMouse: true
                Accessible.name: qsTr("Group name")
                onAccepted: if (createButton.enabled) dialog.create()
            }
        }
        Label {
            Layout.fillWidth: true
            text: picker.selectedCount > 0
                  ? (picker.selectedCount === 1 ? qsTr("1 member besides you")
                                              : qsTr("%1 members besides you").arg(picker.selectedCount))
                  : qsTr("Pick the people to add")
            font.pointSize: Theme.smallFont
            color: Theme.secondaryText
        }
        PeerPicker {
            id: picker
            objectName: "groupPeers"
            Layout.fillWidth: true
            Layout.preferredHeight: implicitHeight
        }
        Label {
            visible: App.peers.count === 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Nobody known yet: once people show up on the network, you can add them.")
            color: Theme.secondaryText
        }
        Label {
            id: error
            visible: text !== ""
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.danger
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            Button {
                text: qsTr("Cancel")
                onClicked: dialog.close()
            }
            Button {
                id: createButton
                objectName: "createGroup"
                text: qsTr("Create group")
                highlighted: true
                enabled: nameField.text.trim() !== ""
                Accessible.name: text
                onClicked: dialog.create()
            }
        }
    }
}
