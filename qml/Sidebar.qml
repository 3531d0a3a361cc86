import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Left column of the main window: identity, search, message requests, conversations and the
// people on the network.
Pane {
    id: sidebar
    property string currentConversationId

    signal conversationActivated(string conversationId)
    signal openInWindow(string conversationId)
    signal peerActivated(string peerId)
    signal peerDetails(string peerId)
    signal searchRequested()
    signal settingsRequested()
    signal addPeerRequested()
    signal newGroupRequested()

    padding: 0
    background: Rectangle { color: Theme.sidebar }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        IdentityHeader {
            Layout.fillWidth: true
            Layout.margins: 10
            onSettingsRequested: sidebar.settingsRequested()
            onAddPeerRequested: sidebar.addPeerRequested()
        }

        SearchField {
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            Layout.bottomMargin: 8
            onActivated: sidebar.searchRequested()
        }

        KeyChangeAlert {
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            Layout.bottomMargin: 8
            onOpenRequested: peerId => sidebar.peerActivated(peerId)
        }

        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            ScrollBar.horizontal.policy: ScrollBar.AlwaysOff

            ColumnLayout {
                id: lists
                width: scroll.availableWidth
                spacing: 2

                SectionHeader {
                    visible: App.requests.count > 0
                    title: qsTr("Message requests")
                    count: App.requests.count
                    Layout.fillWidth: true
                    Layout.margins: 12
                    Layout.bottomMargin: 2
                }
                Repeater {
                    model: App.requests
                    delegate: ConversationDelegate {
                        Layout.fillWidth: true
                        Layout.leftMargin: 6
                        Layout.rightMargin: 6
                        selected: conversationId === sidebar.currentConversationId
                        onClicked: sidebar.conversationActivated(conversationId)
                        onOpenInWindow: sidebar.openInWindow(conversationId)
                    }
                }

                RowLayout {
                    Layout.fillWidth: true
                    Layout.leftMargin: 12
                    Layout.rightMargin: 6
                    Layout.topMargin: 6
                    SectionHeader {
                        title: qsTr("Chats")
                        Layout.fillWidth: true
                    }
                    IconButton {
                        objectName: "newGroupButton"
                        iconName: "group"
                        text: qsTr("New group")
                        implicitWidth: 30
                        implicitHeight: 30
                        iconColor: Theme.secondaryText
                        onClicked: sidebar.newGroupRequested()
                    }
                }
                Repeater {
                    model: App.conversations
                    delegate: ConversationDelegate {
                        Layout.fillWidth: true
                        Layout.leftMargin: 6
                        Layout.rightMargin: 6
                        selected: conversationId === sidebar.currentConversationId
                        onClicked: sidebar.conversationActivated(conversationId)
                        onOpenInWindow: sidebar.openInWindow(conversationId)
                    }
                }
                Label {
                    visible: App.conversations.count === 0
                    Layout.fillWidth: true
                    Layout.leftMargin: 14
                    Layout.rightMargin: 14
                    text: qsTr("No conversations yet. Pick someone below to start one.")
                    wrapMode: Text.Wrap
                    font.pointSize: Theme.smallFont
                    color: Theme.secondaryText
                }

                SectionHeader {
                    title: qsTr("On this network")
                    count: App.peers.onlineCount
                    Layout.fillWidth: true
                    Layout.margins: 12
                    Layout.topMargin: 18
                    Layout.bottomMargin: 2
                }
                Repeater {
                    model: App.peers
                    delegate: PeerDelegate {
                        Layout.fillWidth: true
                        Layout.leftMargin: 6
                        Layout.rightMargin: 6
                        onClicked: sidebar.peerActivated(peerId)
                        onShowDetails: sidebar.peerDetails(peerId)
                    }
                }
                Label {
                    visible: App.peers.count === 0
                    Layout.fillWidth: true
                    Layout.leftMargin: 14
                    Layout.rightMargin: 14
                    Layout.bottomMargin: 12
                    text: qsTr("Nobody here yet. Tincan finds others on your network by itself; "
                               + "you can also add someone with their invite link.")
                    wrapMode: Text.Wrap
                    font.pointSize: Theme.smallFont
                    color: Theme.secondaryText
                }
                Item { Layout.preferredHeight: 12 }
            }
        }
    }
}
