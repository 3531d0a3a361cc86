import QtQuick
import Tincan

// Green: connected. Amber ring: seen on the LAN, not connected. Grey: offline.
Rectangle {
    id: dot
    property string presence: "offline"
    property int size: 10
    property color ringColor: Theme.sidebar

    width: size
    height: size
    radius: size / 2
    color: presence === "online" ? Theme.online : presence === "nearby" ? Theme.nearby : Theme.offline
    border.width: Math.max(2, size / 5)
    border.color: ringColor
}
