import QtQuick
import QtQuick.Controls
import QtTest
import Tincan

// The group UI on a real (offline) node: the create dialog, the info panel with its member
// list and admin actions, membership lines and the per-member delivery summary in the list.
TestCase {
    id: testCase
    name: "Groups"
    width: 700
    height: 600
    when: windowShown

    // Members that are never online: their copies wait in the outbox.
    readonly property string bob: "ab".repeat(32)
    readonly property string carol: "ac".repeat(32)

    SignalSpy {
        id: errorSpy
        target: App
        signalName: "lastErrorChanged"
    }
    Component {
        id: conversationInfo
        ConversationInfo {}
    }
    Component {
        id: spyComponent
        SignalSpy {}
    }
    Component {
        id: dialogComponent
        NewGroupDialog { parent: testCase }
    }
    Component {
        id: panelComponent
        GroupInfoPanel { parent: testCase }
    }
    Component {
        id: listComponent
        MessageList {
            property alias model: messagesModel
            width: 600
            height: 500
            showSenderNames: true
            messages: MessagesModel { id: messagesModel }
        }
    }
    Component {
        id: delegateComponent
        ConversationDelegate {
            width: 300
            conversationId: "g"
            title: "Team"
            initials: "TE"
            peerId: ""
            lastActivity: new Date()
            unread: 0
            preview: ""
            lastOutgoing: false
            lastDeleted: false
            lastState: 0
            online: false
            typing: false
            isGroup: true
        }
    }
    SignalSpy { id: createdSpy; signalName: "created" }
    // The TestCase item itself is not shown; what checks `visible` goes on the window's root.

    // Depth-first by objectName, through children and a control's (or popup's) contentItem.
    function findChild(item, name) {
        if (!item)
            return null
        if (item.objectName === name)
            return item
        const kids = item.children
        for (let i = 0; kids && i < kids.length; ++i) {
            const found = findChild(kids[i], name)
            if (found)
                return found
        }
        if (item.contentItem && item.contentItem !== item && item.contentItem.parent !== item)
            return findChild(item.contentItem, name)
        return null
    }

    function test_createDialogNeedsANameAndCreates() {
        const dialog = createTemporaryObject(dialogComponent, testCase)
        createdSpy.target = dialog
        createdSpy.clear()
        dialog.open()
        tryCompare(dialog, "opened", true)
        const button = findChild(dialog.contentItem, "createGroup")
        const field = findChild(dialog.contentItem, "groupName")
        verify(button && field)
        verify(!button.enabled, "no name, no group")
        field.text = "Book club"
        verify(button.enabled)
        mouseClick(button)
        compare(createdSpy.count, 1)
        const id = createdSpy.signalArguments[0][0]
        verify(/^[0-9a-f-]{36}$/.test(id), id)
        tryCompare(dialog, "visible", false)
        const info = createTemporaryObject(conversationInfo, testCase, { conversationId: id })
        compare(info.title, "Book club")
        compare(info.isGroup, true)
        compare(info.isMember, true)
        tryVerify(() => App.conversations.indexOf(id) >= 0)
    }

    function test_infoPanelManagesMembers() {
        const id = App.createGroup("Team", [bob, carol])
        verify(id !== "")
        const panel = createTemporaryObject(panelComponent, testCase, { groupId: id })
        const members = panel.members
        compare(members.count, 3)
        compare(members.name, "Team")
        verify(members.canManage)
        compare(members.selfRole, 2)
        panel.open()
        tryCompare(panel, "opened", true)
        const list = findChild(panel.contentItem, "memberList")
        tryCompare(list, "count", 3)
        // Creator (us) first, then the others.
        compare(list.itemAtIndex(0).isSelf, true)
        compare(list.itemAtIndex(0).roleText, "Creator")
        verify(!list.itemAtIndex(0).actionable, "nobody acts on the creator")
        verify(list.itemAtIndex(1).actionable)

        verify(App.promoteInGroup(id, bob))
        tryVerify(() => list.itemAtIndex(0).isSelf && list.itemAtIndex(1).roleText === "Admin")
        // A ConversationInfo follows the group: its title and membership notify.
        const info = createTemporaryObject(conversationInfo, testCase, { conversationId: id })
        verify(info.exists && info.isMember)
        const infoSpy = createTemporaryObject(spyComponent, testCase, { target: info, signalName: "changed" })
        verify(App.renameGroup(id, "Crew"))
        compare(members.name, "Crew")
        tryCompare(info, "title", "Crew")
        verify(infoSpy.count >= 1)
        compare(findChild(panel.contentItem, "groupNameField").text, "Crew")
        verify(App.removeFromGroup(id, carol))
        tryCompare(list, "count", 2)
        // A refused change says why, in the panel; the same refusal twice is told twice.
        errorSpy.clear()
        verify(!App.removeFromGroup(id, carol))
        panel.report(false)
        const refusal = findChild(panel.contentItem, "groupError").text
        verify(refusal !== "")
        verify(!App.removeFromGroup(id, carol))
        compare(errorSpy.count, 2)
        compare(App.lastError, refusal)

        verify(App.leaveGroup(id))
        verify(!members.isMember)
        verify(!findChild(panel.contentItem, "leaveGroup").visible)
        verify(!findChild(panel.contentItem, "addMembers").visible)
        tryCompare(info, "isMember", false)
    }

    function test_eventLinesAndDeliverySummary() {
        const id = App.createGroup("Lunch", [bob, carol])
        verify(App.sendMessage(id, "Noon?"))
        const list = createTemporaryObject(listComponent, testCase.Window.contentItem)
        list.model.conversationId = id
        tryVerify(() => list.count >= 2)
        waitForRendering(list)
        let event = null, own = null
        for (let i = 0; i < list.contentItem.children.length; ++i) {
            const child = list.contentItem.children[i]
            if (child.uuid === undefined || child.index < 0)
                continue
            if (child.isEvent)
                event = child
            else if (child.outgoing)
                own = child
        }
        verify(event && own)
        const line = findChild(event, "eventLine")
        verify(line.visible)
        verify(line.text.indexOf("created the group") >= 0, line.text)
        verify(!findChild(event, "bubble").visible, "an event is no bubble")
        const summary = findChild(own, "deliverySummary")
        verify(summary.visible)
        compare(summary.text, "delivered to 0 of 2")
    }

    function test_sidebarRowShowsTheGroupBadge() {
        const row = createTemporaryObject(delegateComponent, testCase.Window.contentItem)
        verify(findChild(row, "groupBadge").visible)
        verify(row.Accessible.name.indexOf("Group") === 0)
        row.isGroup = false
        verify(!findChild(row, "groupBadge").visible)
    }
}
