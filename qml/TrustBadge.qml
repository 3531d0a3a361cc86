import QtQuick
import QtQuick.Controls
import Tincan

// A small badge for a peer's trust: a check for verified, a bar for blocked, nothing otherwise
// (unless `showUnverified`).
Rectangle {
    id: badge
    property int trust: 0
    property bool showUnverified: false
    property bool showText: false
    readonly property string trustText: trust === Core.Verified ? qsTr("Verified")
                                        : trust === Core.Blocked ? qsTr("Blocked") : qsTr("Not verified")

    visible: trust !== Core.Unverified || showUnverified
    implicitHeight: label.implicitHeight + 4
    implicitWidth: showText ? label.implicitWidth + 12 : implicitHeight
    radius: implicitHeight / 2
    color: trust === Core.Verified ? Theme.verified : trust === Core.Blocked ? Theme.danger : Theme.offline
    Accessible.role: Accessible.StaticText
    Accessible.name: trustText
    ToolTip.visible: hover.hovered
    ToolTip.text: trustText
    ToolTip.delay: 500

    HoverHandler { id: hover }

    Label {
        id: label
        anchors.centerIn: parent
        color: Theme.accentText
        font.pointSize: Theme.smallFont * 0.9
        font.weight: Font.DemiBold
        text: badge.showText ? badge.trustText
                             : badge.trust === Core.Verified ? "\u2713" : badge.trust === Core.Blocked ? "\u2013" : "?"
    }
}
