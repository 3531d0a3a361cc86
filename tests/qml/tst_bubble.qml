import QtQuick
import QtTest
import Tincan

TestCase {
    id: testCase
    name: "MessageBubble"
    width: 600
    height: 400
    when: windowShown

    Component {
        id: bubbleComponent
        MessageBubble {
            maxWidth: 400
            html: "hello <a href=\"https://example.org\">https://example.org</a>"
            body: "hello https://example.org"
            sentAt: new Date(2024, 4, 1, 9, 41)
        }
    }

    function findChild(item, objectName) {
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (child.objectName === objectName)
                return child
            const found = findChild(child, objectName)
            if (found)
                return found
        }
        return null
    }

    function test_outgoingUsesAccentAndShowsTicks() {
        const bubble = createTemporaryObject(bubbleComponent, testCase, { outgoing: true, messageState: Core.Delivered })
        verify(bubble)
        compare(bubble.color, Theme.bubbleOut)
        const text = findChild(bubble, "messageText")
        verify(text.text.indexOf("color:#ffffff") >= 0, "links are white on the accent colour")
        verify(bubble.width <= 400)
    }

    function test_incomingHasNoTicksAndOwnColour() {
        const bubble = createTemporaryObject(bubbleComponent, testCase, { outgoing: false })
        compare(bubble.color, Theme.bubbleIn)
    }

    function test_shortTextGivesNarrowBubbleLongTextWraps() {
        const small = createTemporaryObject(bubbleComponent, testCase, { html: "ok", body: "ok" })
        const large = createTemporaryObject(bubbleComponent, testCase,
                                           { html: "word ".repeat(80), body: "word ".repeat(80) })
        verify(small.width < 150, "a short message gets a small bubble, got " + small.width)
        compare(large.width, 400)
        tryVerify(() => large.height > small.height * 2, 2000, "long text wraps onto many lines")
    }

    function test_deletedShowsMarker() {
        const bubble = createTemporaryObject(bubbleComponent, testCase, { deleted: true })
        const text = findChild(bubble, "messageText")
        compare(text.text, "This message was deleted")
        verify(text.font.italic)
    }

    function test_emojiOnlyHasNoBubble() {
        const bubble = createTemporaryObject(bubbleComponent, testCase,
                                             { emojiOnly: true, html: "\u{1F389}", body: "\u{1F389}" })
        verify(bubble.plain)
        compare(bubble.color, Qt.rgba(0, 0, 0, 0))
    }

    function test_replyQuoteShows() {
        const bubble = createTemporaryObject(bubbleComponent, testCase,
                                             { hasReply: true, replyBody: "the question", replySender: "Bob" })
        const plain = createTemporaryObject(bubbleComponent, testCase)
        verify(bubble.height > plain.height)
    }
}
