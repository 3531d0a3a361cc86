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

    visible: trust !== 0 || showUnverified
    implicitHeight: label.implicitHeight + 4
    implicitWidth: showText ? label.implicitWidth + 12 : implicitHeight
    radius: implicitHeight / 2
    color: trust === 1 ? Theme.verified : trust === 2 ? Theme.danger : Theme.offline
    Accessible.role: Accessible.StaticText
    Accessible.name: Fmt.trustLabel(trust)
    ToolTip.visible: hover.hovered
    ToolTip.text: Fmt.trustLabel(trust)
    ToolTip.delay: 500

    HoverHandler { id: hover }

    Label {
        id: label
        anchors.centerIn: parent
        color: "#ffffff"
        font.pointSize: Theme.smallFont * 0.9
        font.weight: Font.DemiBold
        text: badge.showText ? Fmt.trustLabel(badge.trust)
                             : badge.trust === 1 ? "\u2713" : badge.trust === 2 ? "\u2013" : "?"
    }
}
