import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// The messages of a conversation, newest at the bottom. The model is newest-first and the
// list lays it out bottom-to-top: older pages load at the top as you scroll up, without
// moving what you are reading, and new messages appear at the bottom.
ListView {
    id: list
    property MessagesModel messages
    property bool showSenderNames: false
    property string flashUuid
    readonly property int bottomIndex: indexAt(width / 2, contentY + height - 4)
    readonly property bool atLatest: count === 0 || bottomIndex <= 0

    signal replyRequested(string uuid, string sender, string text)
    signal editRequested(string uuid)
    signal deleteRequested(string uuid)

    model: messages
    verticalLayoutDirection: ListView.BottomToTop
    clip: true
    spacing: 0
    reuseItems: true
    boundsBehavior: Flickable.StopAtBounds
    cacheBuffer: 800
    keyNavigationEnabled: true
    activeFocusOnTab: true
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Messages")
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    header: Item {
        width: list.width
        implicitHeight: typing.implicitHeight + 10
        TypingIndicator {
            id: typing
            anchors.top: parent.top
            active: list.messages !== null && list.messages.peerTyping
        }
    }

    delegate: MessageDelegate {
        showSenderNames: list.showSenderNames
        flash: uuid === list.flashUuid
        onReplyRequested: (id, sender, text) => list.replyRequested(id, sender, text)
        onEditRequested: id => list.editRequested(id)
        onDeleteRequested: id => list.deleteRequested(id)
    }

    // Older pages as the top comes near, and while the first page does not fill the view.
    function loadOlderIfNeeded() {
        if (!messages || !messages.hasMore)
            return
        const top = indexAt(width / 2, contentY + 4)
        if (contentHeight < height || top < 0 || top >= count - 8)
            messages.loadOlder()
    }
    onContentYChanged: loadOlderIfNeeded()
    onCountChanged: Qt.callLater(loadOlderIfNeeded)
    onHeightChanged: Qt.callLater(loadOlderIfNeeded)

    function jumpToLatest() {
        positionViewAtBeginning()
    }

    // Scrolls to a message (loading older pages as far as needed) and flashes it.
    function jumpTo(uuid) {
        const row = messages.loadUntil(uuid)
        if (row < 0)
            return false
        positionViewAtIndex(row, ListView.Center)
        flashUuid = uuid
        flashTimer.restart()
        return true
    }

    Timer {
        id: flashTimer
        interval: 1600
        onTriggered: list.flashUuid = ""
    }
}
