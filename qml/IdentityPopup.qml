import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Your fingerprint (what others compare to verify you) and the invite link to share.
Popup {
    id: popup
    width: 340
    padding: 16
    modal: false
    focus: true

    background: Rectangle {
        color: Theme.raised
        radius: Theme.radius * 1.5
        border.color: Theme.separator
    }

    contentItem: ColumnLayout {
        spacing: 10
        Label {
            text: qsTr("Your fingerprint")
            font.weight: Font.DemiBold
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: App.fingerprint
            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            font.family: "monospace"
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("People verify you by comparing this with what their Tincan shows for you.")
            wrapMode: Text.Wrap
            font.pointSize: Theme.smallFont
            color: Theme.secondaryText
        }
        RowLayout {
            Button {
                text: qsTr("Copy fingerprint")
                Accessible.name: text
                onClicked: App.copyText(App.fingerprint)
            }
            Button {
                text: qsTr("Copy invite link")
                Accessible.name: text
                onClicked: App.copyText(App.inviteLink)
            }
        }
    }
}
