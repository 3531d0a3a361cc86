import QtQuick
import QtTest
import Tincan

// Composer keys: Enter sends, Shift+Enter is a new line, Up edits the last own message,
// Escape cancels the edit; a blocked peer disables it with the reason shown.
TestCase {
    id: testCase
    name: "Composer"
    width: 600
    height: 300
    when: windowShown

    readonly property string peerId: "ab".repeat(32)
    property string conversationId

    Component {
        id: composerComponent
        Composer {
            width: 600
            messages: MessagesModel { conversationId: testCase.conversationId }
            conversationId: testCase.conversationId
        }
    }
    SignalSpy { id: sentSpy; signalName: "sent" }

    function initTestCase() {
        conversationId = App.openDirect(peerId)
        verify(conversationId !== "")
    }

    function makeComposer() {
        const composer = createTemporaryObject(composerComponent, testCase)
        sentSpy.target = composer
        sentSpy.clear()
        composer.input.forceActiveFocus()
        verify(composer.input.activeFocus)
        return composer
    }

    function test_enterSendsShiftEnterBreaksLine() {
        const composer = makeComposer()
        keyClick(Qt.Key_H)
        keyClick(Qt.Key_I)
        keyClick(Qt.Key_Return, Qt.ShiftModifier)
        keyClick(Qt.Key_Y)
        compare(composer.text, "hi\ny")
        compare(sentSpy.count, 0)
        keyClick(Qt.Key_Return)
        compare(sentSpy.count, 1)
        compare(sentSpy.signalArguments[0][0], "hi\ny")
        compare(composer.text, "")
        compare(composer.messages.bodyOf(composer.messages.lastOwnMessage()), "hi\ny")
    }

    function test_enterOnEmptyDoesNothing() {
        makeComposer()
        keyClick(Qt.Key_Return)
        compare(sentSpy.count, 0)
    }

    function test_upEditsLastOwnMessageEscapeCancels() {
        const composer = makeComposer()
        composer.text = "to be edited"
        keyClick(Qt.Key_Return)
        const uuid = composer.messages.lastOwnMessage()
        verify(uuid !== "")
        keyClick(Qt.Key_Up)
        compare(composer.editingUuid, uuid)
        compare(composer.text, "to be edited")
        keyClick(Qt.Key_Escape)
        compare(composer.editingUuid, "")
        compare(composer.text, "")

        keyClick(Qt.Key_Up)
        keyClick(Qt.Key_End)
        keyClick(Qt.Key_Exclam)
        keyClick(Qt.Key_Return)
        compare(composer.editingUuid, "")
        compare(composer.messages.bodyOf(uuid), "to be edited!")
        compare(sentSpy.count, 1) // the edit sent nothing new
    }

    function test_disabledReasonBlocksInput() {
        const composer = makeComposer()
        composer.disabledReason = "You blocked them."
        compare(composer.input.enabled, false)
        composer.text = ""
        keyClick(Qt.Key_A)
        compare(composer.text, "")
    }

    function test_replyShowsContextAndEscapeDropsIt() {
        const composer = makeComposer()
        composer.startReply("some-uuid", "Bob", "the question")
        compare(composer.replyToUuid, "some-uuid")
        keyClick(Qt.Key_Escape)
        compare(composer.replyToUuid, "")
    }
}
