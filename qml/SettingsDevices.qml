import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Settings: this person's devices. The account's devices (revoke one that is lost), a code
// that links a new device, and on a new profile the field that joins another device's account.
// Both devices show the same number before anything changes.
ColumnLayout {
    id: section
    spacing: 8
    property string error: ""

    DevicesInfo { id: devices }

    readonly property bool busy: devices.linkingStage === "waiting"
                                 || devices.linkingStage === "connecting"
                                 || devices.linkingStage === "confirm"

    SectionHeader { title: qsTr("Your devices"); Layout.fillWidth: true }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: devices.revoked ? Theme.danger : Theme.secondaryText
        text: devices.revoked
              ? qsTr("Another of your devices removed this one from your account.")
              : qsTr("You are one person on all of them: your contacts see one account.")
    }
    Repeater {
        model: devices.devices
        delegate: RowLayout {
            required property var modelData
            Layout.fillWidth: true
            spacing: 8
            Label {
                Layout.fillWidth: true
                elide: Text.ElideRight
                color: Theme.text
                text: modelData.name + "  · " + modelData.id.substring(0, 12)
            }
            Label {
                color: Theme.secondaryText
                text: modelData.thisDevice ? qsTr("this device")
                                           : modelData.online ? qsTr("online") : qsTr("offline")
            }
            Button {
                visible: !modelData.thisDevice
                text: qsTr("Revoke")
                Accessible.name: qsTr("Revoke the device %1").arg(modelData.name)
                onClicked: section.error = devices.revoke(modelData.id) ? "" : devices.lastError()
            }
        }
    }
    RowLayout {
        spacing: 8
        visible: !section.busy && !devices.revoked
        Button {
            objectName: "linkDeviceButton"
            text: qsTr("Link a new device")
            Accessible.name: text
            onClicked: section.error = devices.linkNewDevice() ? "" : devices.lastError()
        }
    }

    // A code shown here, until a device comes with it.
    ColumnLayout {
        Layout.fillWidth: true
        visible: devices.linkingStage === "waiting"
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.text
            text: qsTr("On the new device (a new profile), enter this code within 10 minutes. "
                       + "It works once.")
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                objectName: "linkCode"
                Layout.fillWidth: true
                readOnly: true
                selectByMouse: true
                text: devices.code
                Accessible.name: qsTr("Device link code")
            }
            Button {
                text: qsTr("Copy")
                Accessible.name: qsTr("Copy the device link code")
                onClicked: App.copyText(devices.code)
            }
            Button {
                text: qsTr("Cancel")
                Accessible.name: qsTr("Stop linking a device")
                onClicked: devices.cancel()
            }
        }
    }

    // Both devices show the number; the user says whether they match.
    ColumnLayout {
        Layout.fillWidth: true
        visible: devices.linkingStage === "confirm" || devices.linkingStage === "connecting"
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.text
            text: devices.linkingStage === "connecting"
                  ? qsTr("Reaching the other device…")
                  : devices.confirmedHere
                    ? qsTr("Waiting for %1 to confirm…").arg(devices.otherDeviceName)
                    : qsTr("Does %1 show this number?").arg(devices.otherDeviceName)
        }
        Label {
            objectName: "linkConfirmation"
            visible: devices.linkingStage === "confirm"
            text: devices.confirmation
            font.pointSize: Theme.smallFont * 2.2
            font.family: "monospace"
            color: Theme.text
            Accessible.name: qsTr("Confirmation number %1").arg(devices.confirmation)
        }
        RowLayout {
            visible: devices.linkingStage === "confirm" && !devices.confirmedHere
            Button {
                objectName: "linkConfirmYes"
                text: qsTr("Yes, the same")
                Accessible.name: qsTr("The other device shows the same number")
                onClicked: section.error = devices.confirm(true) ? "" : devices.lastError()
            }
            Button {
                text: qsTr("No")
                Accessible.name: qsTr("The other device shows another number")
                onClicked: devices.confirm(false)
            }
        }
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        visible: devices.linkingStage === "done" || devices.linkingStage === "failed"
        color: devices.linkingStage === "failed" ? Theme.danger : Theme.secondaryText
        text: devices.linkingStage === "done"
              ? (devices.linkingRole === "join" ? qsTr("This device is now in your account.")
                                                : qsTr("%1 is now in your account.").arg(devices.otherDeviceName))
              : qsTr("Linking failed: %1").arg(devices.linkingError)
    }
    // History from the device that linked this one, with its progress.
    Label {
        objectName: "historyProgress"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        visible: devices.historyTotal >= 0
        color: Theme.secondaryText
        text: devices.historyDone
              ? qsTr("Your history is here: %L1 messages.").arg(devices.historyReceived)
              : devices.historyTotal > 0
                ? qsTr("Bringing your history over: %L1 of %L2 messages…").arg(devices.historyReceived).arg(devices.historyTotal)
                : qsTr("Bringing your history over…")
        Accessible.name: text
    }
    ProgressBar {
        Layout.fillWidth: true
        visible: devices.historyTotal > 0 && !devices.historyDone
        from: 0
        to: Math.max(1, devices.historyTotal)
        value: devices.historyReceived
        Accessible.name: qsTr("History brought over")
    }

    // A new profile joins the account of another device with its code.
    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        visible: devices.devices.length === 1 && !section.busy
        TextField {
            id: joinCode
            objectName: "joinCode"
            Layout.fillWidth: true
            placeholderText: qsTr("tincan://link/… from your other device")
            Accessible.name: qsTr("Code from your other device")
        }
        Button {
            objectName: "joinButton"
            text: qsTr("Join")
            enabled: joinCode.text.trim() !== ""
            Accessible.name: qsTr("Join the account of your other device")
            onClicked: section.error = devices.join(joinCode.text) ? "" : devices.lastError()
        }
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        visible: section.error !== ""
        color: Theme.danger
        text: section.error
    }
}
