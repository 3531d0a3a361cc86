import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Tincan

// Settings: your name and picture.
ColumnLayout {
    id: profile
    spacing: 10

    SectionHeader { title: qsTr("You"); Layout.fillWidth: true }
    RowLayout {
        spacing: 14
        Avatar {
            size: 64
            key: App.selfId
            initials: App.initials
            source: App.avatarUrl
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 6
            TextField {
                id: nameField
                objectName: "displayNameField"
                Layout.fillWidth: true
                text: App.displayName
                maximumLength: 64
                placeholderText: qsTr("Your name")
                Accessible.name: qsTr("Display name")
                selectByMouse: true
                onEditingFinished: if (text.trim() !== "" && text !== App.displayName) App.displayName = text
            }
            RowLayout {
                Button {
                    text: qsTr("Choose picture…")
                    Accessible.name: qsTr("Choose a profile picture")
                    onClicked: picker.open()
                }
                Button {
                    visible: App.avatarUrl.toString() !== ""
                    text: qsTr("Remove")
                    Accessible.name: qsTr("Remove the profile picture")
                    onClicked: App.clearAvatar()
                }
            }
        }
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        font.pointSize: Theme.smallFont
        color: Theme.secondaryText
        text: qsTr("Your picture is kept on this computer for now; sending it to others comes with a later version.")
    }

    FileDialog {
        id: picker
        title: qsTr("Choose a profile picture")
        nameFilters: [qsTr("Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif)")]
        onAccepted: App.setAvatar(selectedFile)
    }
}
