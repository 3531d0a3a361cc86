import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Settings, applied and saved as they change (docs/architecture.md, "Settings").
Dialog {
    id: dialog
    width: Math.min(560, parent ? parent.width - 40 : 560)
    height: Math.min(680, parent ? parent.height - 40 : 680)
    x: parent ? (parent.width - width) / 2 : 0
    y: parent ? (parent.height - height) / 2 : 0
    modal: true
    title: qsTr("Settings")
    standardButtons: Dialog.Close
    padding: 0

    contentItem: ScrollView {
        id: scroll
        contentWidth: availableWidth
        ScrollBar.horizontal.policy: ScrollBar.AlwaysOff

        ColumnLayout {
            width: scroll.availableWidth - 40
            x: 20
            spacing: 10

            SettingsProfile { Layout.fillWidth: true; Layout.topMargin: 12 }

            SectionHeader { title: qsTr("Privacy"); Layout.fillWidth: true; Layout.topMargin: 12 }
            Switch {
                text: qsTr("Send read receipts")
                checked: App.readReceipts
                Accessible.name: text
                onToggled: App.readReceipts = checked
            }
            Switch {
                text: qsTr("Accept first messages from everyone on this network")
                checked: App.acceptEveryone
                Accessible.name: text
                onToggled: App.acceptEveryone = checked
            }

            SectionHeader { title: qsTr("Desktop"); Layout.fillWidth: true; Layout.topMargin: 12 }
            Switch {
                objectName: "notificationsSwitch"
                text: qsTr("Show notifications for new messages")
                checked: App.notifications
                Accessible.name: text
                onToggled: App.notifications = checked
            }
            Switch {
                text: qsTr("Closing the window keeps Tincan running in the tray")
                checked: App.closeToTray
                Accessible.name: text
                onToggled: App.closeToTray = checked
            }
            RowLayout {
                spacing: 10
                Label { text: qsTr("Theme"); color: Theme.text }
                ComboBox {
                    id: themeBox
                    objectName: "themeBox"
                    Accessible.name: qsTr("Theme")
                    textRole: "label"
                    valueRole: "value"
                    model: [
                        { value: "system", label: qsTr("Like the system") },
                        { value: "light", label: qsTr("Light") },
                        { value: "dark", label: qsTr("Dark") }
                    ]
                    Component.onCompleted: currentIndex = indexOfValue(App.theme)
                    onActivated: App.theme = currentValue
                }
            }

            SectionHeader { title: qsTr("Invite link"); Layout.fillWidth: true; Layout.topMargin: 12 }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                text: qsTr("Give this link to someone on a network where Tincan cannot find them by "
                           + "itself. It contains your address and your key.")
            }
            RowLayout {
                Layout.fillWidth: true
                TextField {
                    Layout.fillWidth: true
                    readOnly: true
                    selectByMouse: true
                    text: App.inviteLink
                    Accessible.name: qsTr("Invite link")
                }
                Button {
                    text: qsTr("Copy")
                    Accessible.name: qsTr("Copy invite link")
                    onClicked: App.copyText(App.inviteLink)
                }
            }

            SettingsDevices { Layout.fillWidth: true; Layout.topMargin: 12 }

            SettingsFiles { Layout.fillWidth: true; Layout.topMargin: 12 }

            SettingsMailbox { Layout.fillWidth: true; Layout.topMargin: 12 }

            SettingsInternet { Layout.fillWidth: true; Layout.topMargin: 12 }

            SettingsBridge { Layout.fillWidth: true; Layout.topMargin: 12 }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: 16
                Layout.bottomMargin: 16
                wrapMode: Text.WrapAnywhere
                font.pointSize: Theme.smallFont
                color: Theme.secondaryText
                text: qsTr("Tincan %1 · profile %2").arg(App.version).arg(App.profileDir)
            }
        }
    }
}
