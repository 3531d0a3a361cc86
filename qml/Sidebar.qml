import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qt.labs.qmlmodels
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

        // One virtualised list with sections: only the rows on screen have delegates, so
        // thousands of peers and conversations scroll smoothly (App.sidebar, SidebarModel).
        ListView {
            id: list
            objectName: "sidebarList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: App.sidebar
            spacing: 2
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Chats and people")

            // Up and Down go to the next row that takes the focus (not a placeholder line),
            // scrolling it into view; Tab enters the list at its current row only.
            function step(from, delta) {
                for (let i = from + delta; i >= 0 && i < count; i += delta) {
                    positionViewAtIndex(i, ListView.Contain)
                    const item = itemAtIndex(i)
                    if (item && item.focusPolicy !== undefined) {
                        // It becomes the current row when it has the focus (onActiveFocusChanged).
                        item.forceActiveFocus(delta > 0 ? Qt.TabFocusReason : Qt.BacktabFocusReason)
                        return
                    }
                }
            }

            section.property: "section"
            section.delegate: SidebarSection {
                width: list.width
                onNewGroupRequested: sidebar.newGroupRequested()
            }

            delegate: DelegateChooser {
                role: "kind"
                DelegateChoice {
                    roleValue: "conversation"
                    ConversationDelegate {
                        required property int index
                        x: 6
                        width: list.width - 12
                        selected: conversationId === sidebar.currentConversationId
                        onClicked: sidebar.conversationActivated(conversationId)
                        onOpenInWindow: sidebar.openInWindow(conversationId)
                        activeFocusOnTab: ListView.isCurrentItem || !list.currentItem
                                          || list.currentItem.focusPolicy === undefined
                        onStepRequested: delta => list.step(index, delta)
                        onActiveFocusChanged: if (activeFocus) list.currentIndex = index
                    }
                }
                DelegateChoice {
                    roleValue: "peer"
                    PeerDelegate {
                        required property int index
                        x: 6
                        width: list.width - 12
                        onClicked: sidebar.peerActivated(peerId)
                        onShowDetails: sidebar.peerDetails(peerId)
                        activeFocusOnTab: ListView.isCurrentItem || !list.currentItem
                                          || list.currentItem.focusPolicy === undefined
                        onStepRequested: delta => list.step(index, delta)
                        onActiveFocusChanged: if (activeFocus) list.currentIndex = index
                    }
                }
                DelegateChoice {
                    roleValue: "placeholder"
                    Label {
                        required property string section
                        x: 14
                        width: list.width - 28
                        bottomPadding: 6
                        text: section === "chats"
                              ? qsTr("No conversations yet. Pick someone below to start one.")
                              : qsTr("Nobody here yet. Tincan finds others on your network by itself; "
                                     + "you can also add someone with their invite link.")
                        wrapMode: Text.Wrap
                        font.pointSize: Theme.smallFont
                        color: Theme.secondaryText
                    }
                }
            }
            footer: Item { height: 12 }
        }
    }
}
