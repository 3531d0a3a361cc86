import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// One open conversation: header, security banners, messages and composer. Used in the main
// window and in chat windows alike. `active` says whether the user can see it right now (its
// window is focused): only then are messages marked read.
Pane {
    id: view
    property string conversationId
    property bool inWindow: false
    property bool active: true
    // What the header, the banners and the composer show; its properties notify.
    readonly property alias info: conversationInfo
    readonly property bool keyChangePending: App.keyChanges.count >= 0
                                             && App.keyChanges.indexOfKnown(info.peerId || "") >= 0
    readonly property alias messages: messagesModel
    readonly property alias composer: composer
    readonly property alias list: list

    signal openInWindowRequested(string conversationId)
    signal peerDetailsRequested(string peerId)

    padding: 0
    background: Rectangle { color: Theme.base }

    function jumpTo(uuid) { return list.jumpTo(uuid) }
    function markReadIfVisible() {
        if (active && visible && conversationId !== "" && !info.isRequest)
            App.markRead(conversationId)
    }

    // Set by hand, not bound: a binding here would be evaluated in the middle of the header's
    // own bindings the first time they read info.conversationId (a binding loop).
    ConversationInfo { id: conversationInfo }
    Component.onCompleted: conversationInfo.conversationId = conversationId
    MessagesModel {
        id: messagesModel
        conversationId: view.conversationId
        onCountChanged: view.markReadIfVisible()
    }
    onActiveChanged: markReadIfVisible()
    onConversationIdChanged: { conversationInfo.conversationId = conversationId; findBar.hide(); Qt.callLater(markReadIfVisible); composer.focusInput() }


    Shortcut {
        sequences: [StandardKey.Find]
        context: Qt.WindowShortcut
        enabled: view.visible && view.conversationId !== ""
        onActivated: findBar.show()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ConversationHeader {
            Layout.fillWidth: true
            info: view.info
            typing: messagesModel.peerTyping
            inWindow: view.inWindow
            onFindRequested: findBar.show()
            onOpenInWindowRequested: view.openInWindowRequested(view.conversationId)
            onDetailsRequested: view.peerDetailsRequested(view.info.peerId)
        }
        FindBar {
            id: findBar
            Layout.fillWidth: true
            conversationId: view.conversationId
            onJumpRequested: uuid => list.jumpTo(uuid)
            onClosed: composer.focusInput()
        }
        KeyChangeBanner {
            Layout.fillWidth: true
            peerId: view.info.peerId || ""
        }
        RequestBar {
            visible: view.info.isRequest === true
            Layout.fillWidth: true
            Layout.margins: 12
            info: view.info
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            MessageList {
                id: list
                objectName: "messageList"
                anchors.fill: parent
                messages: messagesModel
                showSenderNames: view.info.isGroup === true
                onReplyRequested: (uuid, sender, text) => composer.startReply(uuid, sender, text)
                onEditRequested: uuid => composer.startEdit(uuid)
                onDeleteRequested: uuid => App.deleteMessage(uuid)
            }

            Label {
                anchors.centerIn: parent
                visible: messagesModel.count === 0 && view.conversationId !== ""
                text: qsTr("No messages yet. Say hello!")
                color: Theme.secondaryText
            }

            RoundButton {
                id: jumpButton
                objectName: "jumpToLatest"
                visible: !list.atLatest
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: 16
                width: 44
                height: 44
                Accessible.name: qsTr("Jump to the latest message")
                ToolTip.visible: hovered
                ToolTip.text: Accessible.name
                onClicked: list.jumpToLatest()
                background: Rectangle {
                    radius: width / 2
                    color: Theme.raised
                    border.color: Theme.separator
                }
                contentItem: Item {
                    Icon { anchors.centerIn: parent; name: "down"; color: Theme.text }
                }
            }
        }

        Composer {
            id: composer
            Layout.fillWidth: true
            conversationId: view.conversationId
            messages: messagesModel
            disabledReason: view.info.isMember === false
                            ? qsTr("You are no longer a member of this group.")
                            : view.info.trust === Core.Blocked
                            ? qsTr("You blocked %1. Unblock them on their page to send messages.").arg(view.info.title)
                            : view.keyChangePending
                              ? qsTr("Sending is paused until you decide about %1's new key (see above).").arg(view.info.title)
                              : ""
            hint: view.info.online === false && view.conversationId !== "" && !view.info.isGroup
                  ? qsTr("%1 is offline; messages are delivered when they are back.").arg(view.info.title) : ""
            onSent: { messagesModel.clearUnreadMarker(); list.jumpToLatest() }
        }
    }
}
