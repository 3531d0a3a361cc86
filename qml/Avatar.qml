import QtQuick
import QtQuick.Controls
import Tincan

// A round avatar: the picture when there is one, else initials on a colour derived from the
// peer's id (stable across renames), with an optional presence dot.
Item {
    id: avatar
    property string key
    property string initials
    property url source
    property string presence: "" // "online", "nearby", "offline" or "" for none
    property int size: 40

    implicitWidth: size
    implicitHeight: size
    Accessible.role: Accessible.Graphic
    Accessible.name: initials

    Rectangle {
        anchors.fill: parent
        radius: width / 2
        color: Theme.avatarColor(avatar.key)
        visible: picture.status !== Image.Ready

        Label {
            anchors.centerIn: parent
            text: avatar.initials
            color: Theme.accentText
            font.pixelSize: avatar.size * 0.38
            font.weight: Font.DemiBold
        }
    }

    Image {
        id: picture
        anchors.fill: parent
        source: avatar.source
        sourceSize: Qt.size(avatar.size * 2, avatar.size * 2)
        cache: false
        smooth: true
        mipmap: true
    }

    PresenceDot {
        visible: avatar.presence !== ""
        presence: avatar.presence
        size: Math.max(10, avatar.size * 0.3)
        anchors.right: parent.right
        anchors.bottom: parent.bottom
    }
}
