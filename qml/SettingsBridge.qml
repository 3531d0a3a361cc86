import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Settings: the local bridge (web page and API on this computer only), with its address and
// the token that unlocks it.
ColumnLayout {
    spacing: 8

    SectionHeader { title: qsTr("Local bridge"); Layout.fillWidth: true }
    Switch {
        objectName: "bridgeSwitch"
        text: qsTr("Open Tincan to browsers and scripts on this computer")
        checked: App.bridgeEnabled
        Accessible.name: text
        onToggled: App.bridgeEnabled = checked
    }
    RowLayout {
        enabled: App.bridgeEnabled
        spacing: 10
        Label { text: qsTr("Port"); color: Theme.text }
        SpinBox {
            from: 0
            to: 65535
            editable: true
            value: App.bridgePort
            Accessible.name: qsTr("Bridge port, 0 picks a free one")
            onValueModified: App.bridgePort = value
        }
        Label { text: qsTr("0 picks a free port"); color: Theme.secondaryText; font.pointSize: Theme.smallFont }
    }
    GridLayout {
        visible: App.bridgeRunning
        Layout.fillWidth: true
        columns: 3
        columnSpacing: 8
        Label { text: qsTr("Address"); color: Theme.text }
        TextField {
            Layout.fillWidth: true
            readOnly: true
            selectByMouse: true
            text: App.bridgeAddress
            Accessible.name: qsTr("Bridge address")
        }
        Button {
            text: qsTr("Open")
            Accessible.name: qsTr("Open the bridge page in the browser")
            onClicked: Qt.openUrlExternally(App.issueBridgePageUrl())
        }
        Label { text: qsTr("Token"); color: Theme.text }
        TextField {
            Layout.fillWidth: true
            readOnly: true
            selectByMouse: true
            echoMode: TextInput.Password
            text: App.bridgeToken
            Accessible.name: qsTr("Bridge token")
        }
        Button {
            text: qsTr("Copy")
            Accessible.name: qsTr("Copy the bridge token")
            onClicked: App.copyText(App.bridgeToken)
        }
    }
    Label {
        visible: App.bridgeEnabled && !App.bridgeRunning
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.danger
        font.pointSize: Theme.smallFont
        text: qsTr("The bridge is not running; the port may be in use.")
    }
}
