import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// A checklist of the people this node knows, for creating a group or adding to one. Peers in
// `excluded` (already members) are left out; `selected` holds the ids ticked so far.
ListView {
    id: picker
    property var excluded: []
    property var selected: []
    readonly property int selectedCount: selected.length

    function clear() { selected = [] }
    function toggle(peerId, on) {
        const next = selected.filter(id => id !== peerId)
        if (on)
            next.push(peerId)
        selected = next
    }

    clip: true
    implicitHeight: Math.min(contentHeight, 280)
    model: App.peers
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}
    Accessible.role: Accessible.List
    Accessible.name: qsTr("People")

    delegate: CheckDelegate {
        id: item
        required property string peerId
        required property string name
        required property string initials
        required property string presence
        readonly property bool hidden: picker.excluded.indexOf(peerId) >= 0
        objectName: "pick_" + name
        visible: !hidden
        height: hidden ? 0 : implicitHeight
        width: ListView.view ? ListView.view.width : 300
        checked: picker.selected.indexOf(peerId) >= 0
        onToggled: picker.toggle(peerId, checked)
        text: name
        Accessible.name: name
        contentItem: RowLayout {
            spacing: 10
            Avatar { size: 30; key: item.peerId; initials: item.initials; presence: item.presence }
            Label {
                Layout.fillWidth: true
                text: item.name
                elide: Text.ElideRight
                color: Theme.text
            }
            Item { implicitWidth: item.indicator ? item.indicator.width : 0 }
        }
    }
}
