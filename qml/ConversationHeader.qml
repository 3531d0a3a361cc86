import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// Top bar of a conversation: who, presence or typing, trust, and the conversation's actions.
ToolBar {
    id: bar
    property var info: ({})
    property bool typing: false
    property bool inWindow: false

    readonly property bool isGroup: bar.info.isGroup === true
    readonly property alias groupPanel: groupPanel

    signal findRequested()
    signal openInWindowRequested()
    signal detailsRequested()

    // Explicit sides: styles set some of them, and those would win over `padding`.
    topPadding: 10
    bottomPadding: 10
    leftPadding: 12
    rightPadding: 8
    contentHeight: row.implicitHeight
    background: Rectangle {
        color: Theme.window
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: 1
            color: Theme.separator
        }
    }

    RowLayout {
        id: row
        anchors.fill: parent
        spacing: 10

        Avatar {
            size: 36
            key: bar.info.peerId || bar.info.conversationId || ""
            initials: App.initialsOf(bar.info.title || "")
            presence: bar.isGroup ? "" : bar.info.online ? "online" : "offline"
            GroupBadge { visible: bar.isGroup; anchors.right: parent.right; anchors.bottom: parent.bottom }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            RowLayout {
                spacing: 6
                Label {
                    objectName: "conversationTitle"
                    text: bar.info.title || ""
                    font.pointSize: Theme.largeFont
                    font.weight: Font.DemiBold
                    color: Theme.text
                    elide: Text.ElideRight
                    Layout.maximumWidth: bar.width * 0.5
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                TrustBadge {
                    visible: !bar.isGroup
                    trust: bar.info.trust || 0
                    showUnverified: true
                    showText: true
                }
            }
            Label {
                objectName: "conversationStatus"
                text: bar.typing ? qsTr("typing…")
                      : bar.isGroup ? (groupMembers.isMember
                                       ? Fmt.memberCount(groupMembers.count, groupMembers.onlineCount)
                                       : qsTr("you are no longer a member"))
                      : bar.info.linkKind === "relayed" ? qsTr("online — across the internet, relayed")
                      : bar.info.linkKind === "direct" ? qsTr("online — across the internet, direct")
                      : bar.info.online ? qsTr("online")
                      : qsTr("offline — messages wait until they are back")
                font.pointSize: Theme.smallFont
                color: bar.typing ? Theme.accent : Theme.secondaryText
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        IconButton {
            iconName: "search"
            text: qsTr("Find in conversation (Ctrl+F)")
            onClicked: bar.findRequested()
        }
        IconButton {
            visible: !bar.inWindow
            iconName: "window"
            text: qsTr("Open in a new window")
            onClicked: bar.openInWindowRequested()
        }
        IconButton {
            objectName: "groupInfoButton"
            visible: bar.isGroup
            iconName: "group"
            text: qsTr("Group info and members")
            onClicked: groupPanel.open()
        }
        IconButton {
            visible: !!bar.info.peerId
            iconName: "info"
            text: qsTr("Contact details and safety number")
            onClicked: bar.detailsRequested()
        }
    }

    GroupMembersModel {
        id: groupMembers
        groupId: bar.isGroup ? bar.info.conversationId : ""
    }
    GroupInfoPanel {
        id: groupPanel
        parent: Overlay.overlay
        groupId: groupMembers.groupId
    }
}
