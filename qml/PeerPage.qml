import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// A peer's page: who, their fingerprint and the safety number you both see, and the trust
// actions. Verifying means you compared the number with them, in person or on a call.
Dialog {
    id: page
    property string peerId
    // Its properties notify: renames, trust and presence show while the page is open.
    readonly property alias info: peerInfo

    signal messageRequested(string peerId)

    PeerInfo {
        id: peerInfo
        peerId: page.peerId
    }

    function show(id) { peerId = id; open() }

    width: Math.min(520, parent ? parent.width - 40 : 520)
    x: parent ? (parent.width - width) / 2 : 0
    y: parent ? Math.max(20, (parent.height - height) / 2) : 0
    modal: true
    padding: 20
    title: info.name || ""
    standardButtons: Dialog.Close


    contentItem: ColumnLayout {
        spacing: 12
        RowLayout {
            spacing: 12
            Avatar {
                size: 56
                key: page.peerId
                initials: App.initialsOf(page.info.name || "?")
                presence: page.info.online ? "online" : page.info.nearby ? "nearby" : "offline"
            }
            ColumnLayout {
                spacing: 2
                Layout.fillWidth: true
                Label {
                    text: page.info.name || ""
                    font.pointSize: Theme.titleFont
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                RowLayout {
                    TrustBadge { trust: page.info.trust || 0; showUnverified: true; showText: true }
                    Label {
                        text: page.info.online ? qsTr("online") : page.info.nearby ? qsTr("on this network")
                                                                                    : Fmt.lastSeen(page.info.lastSeen)
                        color: Theme.secondaryText
                    }
                }
            }
        }

        Label { text: qsTr("Fingerprint"); font.weight: Font.DemiBold; color: Theme.text }
        Label {
            objectName: "peerFingerprint"
            Layout.fillWidth: true
            text: page.info.fingerprint || ""
            font.family: "monospace"
            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            color: Theme.text
        }

        Label { text: qsTr("Safety number"); font.weight: Font.DemiBold; color: Theme.text }
        Label {
            objectName: "safetyNumber"
            Layout.fillWidth: true
            visible: text !== ""
            text: (page.info.safetyNumber || "").replace(/(\d{5} \d{5} \d{5}) /g, "$1\n")
            font.family: "monospace"
            font.pointSize: Theme.largeFont
            color: Theme.text
            Accessible.name: qsTr("Safety number %1").arg(page.info.safetyNumber || "")
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.secondaryText
            font.pointSize: Theme.smallFont
            text: page.info.safetyNumber
                  ? qsTr("Compare this number with the one %1 sees for you, in person or on a call. "
                         + "If they match, nobody is in between: mark %1 as verified.").arg(page.info.name || "")
                  : qsTr("The safety number appears once you have been connected to %1.").arg(page.info.name || "")
        }

        RowLayout {
            spacing: 8
            Button {
                text: qsTr("Message")
                highlighted: true
                Accessible.name: qsTr("Send %1 a message").arg(page.info.name || "")
                enabled: page.info.trust !== Core.Blocked
                onClicked: { page.close(); page.messageRequested(page.peerId) }
            }
            Button {
                objectName: "verifyButton"
                visible: page.info.trust !== Core.Blocked && !!page.info.safetyNumber
                text: page.info.trust === Core.Verified ? qsTr("Remove verification") : qsTr("Mark as verified")
                Accessible.name: text
                onClicked: { App.setPeerTrust(page.peerId, page.info.trust === Core.Verified ? Core.Unverified : Core.Verified) }
            }
            Button {
                objectName: "blockButton"
                visible: page.info.known === true
                text: page.info.trust === Core.Blocked ? qsTr("Unblock") : qsTr("Block")
                Accessible.name: text
                onClicked: { App.setPeerTrust(page.peerId, page.info.trust === Core.Blocked ? Core.Unverified : Core.Blocked) }
            }
            Button {
                text: qsTr("Copy fingerprint")
                Accessible.name: text
                onClicked: App.copyText(page.info.fingerprint)
            }
        }
    }
}
