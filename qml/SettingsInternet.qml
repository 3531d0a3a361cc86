import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Settings: reaching contacts beyond this network (ICE through NATs), what it contacts and what
// those servers learn, and the servers. Off by default.
ColumnLayout {
    id: section
    spacing: 8
    property string error: ""

    SectionHeader { title: qsTr("Beyond this network"); Layout.fillWidth: true }
    Switch {
        objectName: "internetSwitch"
        text: qsTr("Reach contacts on other networks")
        checked: App.internet
        Accessible.name: qsTr("Reach contacts on other networks, through the internet")
        onToggled: App.internet = checked
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        font.pointSize: Theme.smallFont
        text: qsTr("Off, nothing Tincan sends leaves this network. On, you can reach a contact at "
                   + "home or in another office by their tincan:// link alone: a contact you both "
                   + "know introduces you, and only learns that you want to reach each other. Your "
                   + "messages stay end-to-end encrypted with the same keys as here.")
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        font.pointSize: Theme.smallFont
        text: qsTr("A STUN server learns your public internet address. A TURN server, used when "
                   + "no direct path exists, also relays your encrypted traffic, so it learns whom "
                   + "you talk to and how much, never what. None is built in: use servers you trust.")
    }
    Label { text: qsTr("STUN servers, one per line (HOST:PORT)"); color: Theme.text }
    TextArea {
        id: stun
        objectName: "stunServers"
        Layout.fillWidth: true
        text: App.stunServers
        placeholderText: "198.51.100.7:3478"
        Accessible.name: qsTr("STUN servers, one per line")
    }
    Label { text: qsTr("TURN servers, one per line (turn://user:password@HOST:PORT)"); color: Theme.text }
    TextArea {
        id: turn
        objectName: "turnServers"
        Layout.fillWidth: true
        text: App.turnServers
        placeholderText: "turn://me:secret@198.51.100.7:3478"
        Accessible.name: qsTr("TURN servers, one per line")
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        font.pointSize: Theme.smallFont
        text: qsTr("When no contact you both know is online, Tincan looks your contact up on a "
                   + "DHT, a directory run by its users (Jami's, unless you name other nodes). "
                   + "Joining it shows your internet address to DHT nodes, and that some key is "
                   + "being listened to; never who you are, whom you call or what you say. "
                   + "Leave the list empty to stay off the DHT.")
    }
    Label { text: qsTr("DHT bootstrap nodes, one per line (host:port)"); color: Theme.text }
    TextArea {
        id: dht
        objectName: "dhtBootstrap"
        Layout.fillWidth: true
        text: App.dhtBootstrap
        placeholderText: qsTr("empty: stay off the DHT")
        Accessible.name: qsTr("DHT bootstrap nodes, one per line")
    }
    RowLayout {
        Button {
            objectName: "saveIceServers"
            text: qsTr("Save servers")
            enabled: stun.text !== App.stunServers || turn.text !== App.turnServers
                     || dht.text !== App.dhtBootstrap
            onClicked: section.error = App.setIceServers(stun.text, turn.text, dht.text)
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: section.error !== ""
            color: Theme.danger
            text: section.error
        }
    }
}
