import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Tincan

// Settings: where received files go, and up to which size they are accepted without asking.
ColumnLayout {
    spacing: 8

    SectionHeader { title: qsTr("Files"); Layout.fillWidth: true }
    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        Label { text: qsTr("Save received files in"); color: Theme.text }
        TextField {
            objectName: "downloadDirField"
            Layout.fillWidth: true
            readOnly: true
            text: Files.downloadDir
            Accessible.name: qsTr("Download folder")
        }
        Button {
            text: qsTr("Choose…")
            onClicked: folderDialog.open()
        }
    }
    RowLayout {
        spacing: 10
        CheckBox {
            id: autoAccept
            objectName: "autoAcceptCheck"
            text: qsTr("Accept files without asking up to")
            checked: Files.autoAcceptMiB >= 0
            onToggled: Files.autoAcceptMiB = checked ? Math.max(1, limit.value) : -1
        }
        SpinBox {
            id: limit
            enabled: autoAccept.checked
            from: 0
            to: 1024 * 1024
            editable: true
            value: Files.autoAcceptMiB >= 0 ? Files.autoAcceptMiB : 100
            Accessible.name: qsTr("Auto-accept limit in MiB")
            onValueModified: Files.autoAcceptMiB = value
        }
        Label { text: qsTr("MiB"); color: Theme.text }
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: qsTr("Larger files, and files from people who are not your contacts yet, wait for your answer. "
                   + "A file is saved under its own name only after its checksum matched; an existing file is never replaced.")
        color: Theme.secondaryText
        font.pointSize: Theme.smallFont
    }

    FolderDialog {
        id: folderDialog
        title: qsTr("Save received files in")
        currentFolder: Files.folderUrl(Files.downloadDir + "/.")
        onAccepted: Files.downloadDir = selectedFolder
    }
}
