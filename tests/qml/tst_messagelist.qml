import QtQuick
import QtTest
import Tincan

// The message list on a real conversation: bubbles on the right sides, one day header for a
// run of messages sent together, the newest at the bottom.
TestCase {
    id: testCase
    name: "MessageList"
    width: 600
    height: 500
    when: windowShown

    readonly property string peerId: "cd".repeat(32)
    property string conversationId

    Component {
        id: listComponent
        MessageList {
            width: 600
            height: 500
            messages: MessagesModel { conversationId: testCase.conversationId }
        }
    }

    function initTestCase() {
        conversationId = App.openDirect(peerId)
        for (let i = 0; i < 5; ++i)
            verify(App.sendMessage(conversationId, "message " + i))
    }

    function delegates(list) {
        const items = []
        for (let i = 0; i < list.contentItem.children.length; ++i) {
            const child = list.contentItem.children[i]
            if (child.uuid !== undefined && child.index >= 0 && child.index < list.count)
                items.push(child)
        }
        return items
    }

    function test_groupingAndOrder() {
        const list = createTemporaryObject(listComponent, testCase)
        tryVerify(() => list.count >= 5)
        waitForRendering(list)
        const items = delegates(list)
        compare(items.length, list.count)
        let newest = null, oldest = null
        let dayHeaders = 0, groupStarts = 0
        for (const item of items) {
            if (item.index === 0)
                newest = item
            if (item.index === list.count - 1)
                oldest = item
            if (item.newDay)
                ++dayHeaders
            if (item.firstInGroup)
                ++groupStarts
            verify(item.outgoing)
        }
        compare(dayHeaders, 1)
        compare(groupStarts, 1)
        verify(newest.y > oldest.y, "the newest message is at the bottom")
        compare(oldest.body, "message 0")
        verify(list.atLatest)
    }

    function test_sendingAddsARowAtTheBottom() {
        const list = createTemporaryObject(listComponent, testCase)
        tryVerify(() => list.count >= 5)
        const before = list.count
        verify(App.sendMessage(conversationId, "one more"))
        tryCompare(list, "count", before + 1)
        tryVerify(() => delegates(list).some(item => item.index === 0 && item.body === "one more"))
    }
}
