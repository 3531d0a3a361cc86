import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// The man-in-the-middle alarm for one peer: what happened, what it may mean, what to do, and
// the two answers. Until one is chosen nothing from the new key is accepted.
ColumnLayout {
    id: banner
    property string peerId

    visible: repeater.count > 0 && App.keyChanges.indexOfKnown(peerId) >= 0
    spacing: 0

    Repeater {
        id: repeater
        model: App.keyChanges
        delegate: Rectangle {
            id: card
            required property string knownId
            required property string knownName
            required property string presentedId
            required property string presentedFingerprint
            required property string knownFingerprint
            required property string address

            visible: knownId === banner.peerId
            Layout.fillWidth: true
            Layout.margins: 12
            implicitHeight: visible ? content.implicitHeight + 32 : 0
            radius: Theme.radius * 1.5
            color: Theme.dangerBackground
            border.color: Theme.danger
            border.width: 1.5
            Accessible.role: Accessible.AlertMessage
            Accessible.name: title.text

            ColumnLayout {
                id: content
                anchors.fill: parent
                anchors.margins: 16
                spacing: 8
                RowLayout {
                    spacing: 8
                    Icon { name: "shield"; color: Theme.danger; implicitWidth: 22; implicitHeight: 22 }
                    Label {
                        id: title
                        Layout.fillWidth: true
                        text: qsTr("%1's security key has changed").arg(card.knownName)
                        font.pointSize: Theme.largeFont
                        font.weight: Font.Bold
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.text
                    text: qsTr("A device at %1 claims to be %2 but presented a different key. "
                               + "This happens when %2 reinstalled Tincan or moved to a new computer, "
                               + "but it is also what an attacker impersonating %2 would do. "
                               + "Nothing from the new key is accepted until you decide.")
                          .arg(card.address).arg(card.knownName)
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.text
                    font.weight: Font.DemiBold
                    text: qsTr("What to do: ask %1 in person or on a call whether they set up Tincan "
                               + "again, and compare the new fingerprint with theirs:").arg(card.knownName)
                }
                Label {
                    Layout.fillWidth: true
                    text: card.presentedFingerprint
                    font.family: "monospace"
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    color: Theme.text
                }
                RowLayout {
                    spacing: 8
                    Button {
                        objectName: "acceptKeyButton"
                        text: qsTr("Accept new key")
                        Accessible.name: text
                        onClicked: App.resolveKeyChange(card.presentedId, true)
                    }
                    Button {
                        objectName: "keepBlockedButton"
                        text: qsTr("Keep blocked")
                        highlighted: true
                        Accessible.name: text
                        onClicked: App.resolveKeyChange(card.presentedId, false)
                    }
                }
            }
        }
    }
}
