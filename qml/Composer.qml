import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import Tincan

// Writing a message. Enter sends, Shift+Enter starts a new line, Up (in an empty box) edits
// your last message, Escape cancels an edit or a reply. Files (and images) dropped, pasted or
// chosen with the clip button are offered to the conversation (Files singleton).
Pane {
    id: composer
    property string conversationId
    property MessagesModel messages
    property string disabledReason // non-empty: sending is impossible, and this says why
    property string hint           // shown above the box, e.g. "offline: messages wait"
    property string replyToUuid
    property string replySender
    property string replyText
    property string editingUuid
    property string noticeText // a passing note (file transfer not yet, an error)
    property alias text: input.text
    readonly property alias input: input

    signal sent(string text)

    padding: 10
    // Two children (the drop area and the layout): the Pane cannot guess its content size.
    contentHeight: column.implicitHeight
    contentWidth: column.implicitWidth
    background: Rectangle {
        color: Theme.window
        Rectangle { width: parent.width; height: 1; color: Theme.separator }
    }

    function focusInput() { input.forceActiveFocus() }
    function startReply(uuid, sender, text) {
        cancelEdit()
        replyToUuid = uuid; replySender = sender; replyText = text
        input.forceActiveFocus()
    }
    function startEdit(uuid) {
        if (!uuid || !messages)
            return false
        replyToUuid = ""
        editingUuid = uuid
        input.text = messages.bodyOf(uuid)
        input.cursorPosition = input.length
        input.forceActiveFocus()
        return true
    }
    function cancelEdit() {
        if (editingUuid !== "")
            input.text = ""
        editingUuid = ""
    }
    function showNotice(text) {
        composer.noticeText = text
        noticeTimer.restart()
    }
    function submit() {
        const text = input.text
        if (text.trim() === "" && editingUuid === "")
            return
        if (editingUuid !== "") {
            App.editMessage(editingUuid, text)
            editingUuid = ""
            input.text = ""
            return
        }
        if (!App.sendMessage(conversationId, text, replyToUuid)) {
            showNotice(App.lastError)
            return
        }
        replyToUuid = ""
        input.text = ""
        typingTimer.stop()
        App.setTyping(conversationId, false)
        sent(text)
    }

    onConversationIdChanged: { replyToUuid = ""; editingUuid = ""; input.text = ""; composer.noticeText = "" }

    Timer { id: noticeTimer; interval: 8000; onTriggered: composer.noticeText = "" }
    // "typing" goes out at most every few seconds and stops after a pause.
    Timer { id: typingTimer; interval: 4000; onTriggered: App.setTyping(composer.conversationId, false) }

    function sendFiles(urls) {
        const error = Files.send(composer.conversationId, urls)
        if (error !== "")
            composer.showNotice(error)
    }

    DropArea {
        anchors.fill: parent
        enabled: composer.disabledReason === ""
        onDropped: drop => {
            if (drop.hasUrls) {
                composer.sendFiles(drop.urls)
                drop.accept()
            }
        }
    }

    FileDialog {
        id: fileDialog
        title: qsTr("Send files")
        fileMode: FileDialog.OpenFiles
        onAccepted: composer.sendFiles(selectedFiles)
    }

    ColumnLayout {
        id: column
        anchors.fill: parent
        spacing: 6

        ComposerContext {
            Layout.fillWidth: true
            editing: composer.editingUuid !== ""
            replying: composer.replyToUuid !== ""
            replySender: composer.replySender
            replyText: composer.replyText
            onCancelled: { composer.cancelEdit(); composer.replyToUuid = "" }
        }

        Label {
            visible: text !== ""
            Layout.fillWidth: true
            text: composer.disabledReason !== "" ? composer.disabledReason
                  : composer.noticeText !== "" ? composer.noticeText : composer.hint
            wrapMode: Text.Wrap
            font.pointSize: Theme.smallFont
            color: composer.disabledReason !== "" || composer.noticeText !== "" ? Theme.danger : Theme.secondaryText
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 6
            enabled: composer.disabledReason === ""

            IconButton {
                iconName: "attach"
                text: qsTr("Send a file")
                iconColor: Theme.secondaryText
                onClicked: fileDialog.open()
            }

            ScrollView {
                id: scroll
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(Math.max(input.implicitHeight, 38), 160)
                ScrollBar.horizontal.policy: ScrollBar.AlwaysOff

                TextArea {
                    id: input
                    objectName: "composerInput"
                    placeholderText: composer.disabledReason !== "" ? qsTr("Sending is not possible")
                                                                     : qsTr("Write a message…")
                    placeholderTextColor: Theme.placeholder
                    wrapMode: TextEdit.Wrap
                    color: Theme.text
                    font.pointSize: Theme.fontSize
                    selectByMouse: true
                    topPadding: 9
                    bottomPadding: 9
                    leftPadding: 14
                    rightPadding: 14
                    Accessible.name: qsTr("Message")
                    background: Rectangle {
                        radius: 19
                        color: Theme.base
                        border.width: input.activeFocus ? 2 : 1
                        border.color: input.activeFocus ? Theme.accent : Theme.separator
                    }

                    onTextChanged: {
                        if (text === "" || composer.editingUuid !== "")
                            return
                        if (!typingTimer.running)
                            App.setTyping(composer.conversationId, true)
                        typingTimer.restart()
                    }

                    Keys.onPressed: event => {
                        if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
                            if (event.modifiers & Qt.ShiftModifier)
                                return // a new line, as TextArea does by default
                            composer.submit()
                            event.accepted = true
                        } else if (event.key === Qt.Key_Up && input.text === "" && composer.editingUuid === "") {
                            event.accepted = composer.startEdit(composer.messages ? composer.messages.lastOwnMessage() : "")
                        } else if (event.key === Qt.Key_Escape && (composer.editingUuid !== "" || composer.replyToUuid !== "")) {
                            composer.cancelEdit()
                            composer.replyToUuid = ""
                            event.accepted = true
                        } else if (event.matches(StandardKey.Paste) && Files.clipboardHasFiles()) {
                            const error = Files.sendClipboard(composer.conversationId)
                            if (error !== "")
                                composer.showNotice(error)
                            event.accepted = true
                        }
                    }
                }
            }

            IconButton {
                objectName: "sendButton"
                iconName: composer.editingUuid !== "" ? "check" : "send"
                text: composer.editingUuid !== "" ? qsTr("Save edit") : qsTr("Send")
                iconColor: input.text.trim() !== "" ? Theme.accent : Theme.placeholder
                enabled: input.text.trim() !== "" || composer.editingUuid !== ""
                onClicked: composer.submit()
            }
        }
    }
}
