import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Settings: offline delivery. Which contact holds this profile's messages while it is offline,
// what waits for offline contacts, and whether this computer holds messages for others.
ColumnLayout {
    id: section
    spacing: 8
    property string error: ""

    MailboxInfo { id: mailbox }

    SectionHeader { title: qsTr("Mailbox"); Layout.fillWidth: true }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        text: qsTr("A contact that is always on can hold your messages while you are offline. It "
                   + "cannot read them, change them or pass off a message as someone else's.")
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        Label { text: qsTr("Holds my messages"); color: Theme.text }
        ComboBox {
            id: chooser
            objectName: "mailboxChooser"
            Layout.fillWidth: true
            Accessible.name: qsTr("The contact that holds my messages while I am offline")
            model: App.peers
            textRole: "name"
            valueRole: "peerId"
            displayText: mailbox.mailboxId === "" ? qsTr("Nobody") : mailbox.mailboxName
            onActivated: section.error = mailbox.use(currentValue) ? "" : mailbox.lastError()
        }
        Button {
            text: qsTr("Stop")
            visible: mailbox.mailboxId !== ""
            Accessible.name: qsTr("Stop using a mailbox")
            onClicked: section.error = mailbox.use("") ? "" : mailbox.lastError()
        }
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        visible: section.error !== ""
        color: Theme.danger
        text: section.error
    }
    Label {
        objectName: "mailboxState"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        visible: mailbox.mailboxId !== ""
        color: mailbox.state === Courier.NotOffered ? Theme.danger : Theme.secondaryText
        text: mailbox.state === Courier.Accepted
              ? (mailbox.mailboxOnline ? qsTr("%1 holds your messages while you are offline.")
                                       : qsTr("%1 holds your messages; it is offline now."))
                .arg(mailbox.mailboxName)
              : mailbox.state === Courier.NotOffered
                ? qsTr("%1 does not offer to be a mailbox.").arg(mailbox.mailboxName)
                : qsTr("Waiting for %1 to answer.").arg(mailbox.mailboxName)
    }
    Label {
        objectName: "mailboxWaiting"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        visible: mailbox.waiting > 0
        color: Theme.secondaryText
        text: qsTr("%n message(s) wait for contacts who are offline; %1 of them held by a mailbox.",
                   "", mailbox.waiting).arg(mailbox.deposited)
              + (mailbox.heldReason !== "" ? " " + qsTr("Not held: %1.").arg(mailbox.heldReason) : "")
    }
    Switch {
        objectName: "mailboxOfferSwitch"
        text: qsTr("Hold messages for contacts who choose this computer")
        checked: mailbox.offered
        enabled: !mailbox.offerForced
        Accessible.name: text
        onToggled: mailbox.setOffered(checked)
    }
    RowLayout {
        enabled: mailbox.offered
        spacing: 10
        Label { text: qsTr("Up to"); color: Theme.text }
        SpinBox {
            from: 1
            to: 1024 * 1024
            editable: true
            value: mailbox.quotaMiB
            Accessible.name: qsTr("Mailbox space per contact in MiB")
            onValueModified: mailbox.setQuotaMiB(value)
        }
        Label { text: qsTr("MiB per contact"); color: Theme.text }
    }
    Label {
        Layout.fillWidth: true
        visible: mailbox.owners > 0
        color: Theme.secondaryText
        text: qsTr("Holding %n envelope(s) for %1 contact(s).", "", mailbox.envelopes).arg(mailbox.owners)
    }
}
