import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// For networks where discovery cannot work (client isolation, VLANs): connect by invite link
// (which pins the key) or by address.
Dialog {
    id: dialog
    width: Math.min(520, parent ? parent.width - 40 : 520)
    x: parent ? (parent.width - width) / 2 : 0
    y: 80
    modal: true
    title: qsTr("Add someone")
    standardButtons: Dialog.Cancel
    padding: 20

    onOpened: { field.text = ""; error.text = ""; field.forceActiveFocus() }

    function connect() {
        if (App.connectTo(field.text)) {
            close()
        } else {
            error.text = App.lastError
        }
    }

    contentItem: ColumnLayout {
        spacing: 10
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.text
            text: qsTr("Paste their invite link (Settings → Invite link on their side), or an address like 192.168.1.20:45000.")
        }
        TextField {
            id: field
            Layout.fillWidth: true
            placeholderText: "tincan://…"
            Accessible.name: qsTr("Invite link or address")
            selectByMouse: true
            onAccepted: dialog.connect()
        }
        Label {
            id: error
            visible: text !== ""
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.danger
        }
        RowLayout {
            Button {
                text: qsTr("Connect")
                highlighted: true
                enabled: field.text.trim() !== ""
                Accessible.name: text
                onClicked: dialog.connect()
            }
            Button {
                text: qsTr("Copy my invite link")
                Accessible.name: text
                onClicked: App.copyText(App.inviteLink)
            }
        }
    }
}
