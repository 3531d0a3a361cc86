import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// The file part of a message bubble: an inline thumbnail for an image (a click opens it full
// size) or a document icon with name and size; then, by state, progress with rate and time
// left, the accept/decline question, cancel, open / show in folder, or what went wrong.
ColumnLayout {
    id: card
    property string uuid
    property var file: ({})
    property string fallbackName
    property bool outgoing: false
    property real maxWidth: 360
    readonly property color textColor: outgoing ? Theme.bubbleOutText : Theme.bubbleInText
    readonly property color metaColor: outgoing ? Theme.onAccentMeta : Theme.secondaryText
    readonly property string transferState: file.state !== undefined ? file.state : "unknown"
    readonly property bool showImage: file.isImage === true && file.path !== undefined && file.path !== ""
    readonly property bool moving: transferState === "active" || transferState === "paused" || transferState === "offered"

    spacing: 6

    function duration(seconds) {
        if (seconds < 0)
            return ""
        if (seconds < 60)
            return qsTr("%1 s left").arg(seconds)
        if (seconds < 3600)
            return qsTr("%1 min left").arg(Math.ceil(seconds / 60))
        return qsTr("%1 h %2 min left").arg(Math.floor(seconds / 3600)).arg(Math.ceil((seconds % 3600) / 60))
    }

    Image {
        id: thumbnail
        objectName: "fileThumbnail"
        visible: card.showImage
        Layout.preferredWidth: Math.min(card.maxWidth, 280)
        Layout.preferredHeight: visible && implicitWidth > 0
                                ? Math.min(280, Layout.preferredWidth * implicitHeight / implicitWidth) : 0
        source: card.showImage ? card.file.url : ""
        sourceSize.width: 560
        fillMode: Image.PreserveAspectFit
        asynchronous: true
        Accessible.role: Accessible.Graphic
        Accessible.name: qsTr("Image %1").arg(card.file.name)
        TapHandler { onTapped: viewer.open() }
        HoverHandler { cursorShape: Qt.PointingHandCursor }
    }

    RowLayout {
        visible: !card.showImage
        spacing: 10
        Rectangle {
            implicitWidth: 34
            implicitHeight: 42
            radius: 4
            color: card.outgoing ? Theme.onAccentTint : Theme.accentTint
            Label {
                anchors.centerIn: parent
                width: parent.width - 4
                horizontalAlignment: Text.AlignHCenter
                elide: Text.ElideRight
                text: {
                    const name = card.file.name !== undefined ? card.file.name : card.fallbackName
                    const dot = name.lastIndexOf(".")
                    return dot > 0 ? name.substring(dot + 1).toUpperCase().substring(0, 4) : qsTr("FILE")
                }
                font.pointSize: Theme.smallFont * 0.8
                font.weight: Font.DemiBold
                color: card.textColor
            }
        }
        ColumnLayout {
            spacing: 1
            Layout.fillWidth: true
            Label {
                objectName: "fileName"
                Layout.fillWidth: true
                Layout.maximumWidth: card.maxWidth - 60
                text: card.file.name !== undefined ? card.file.name : card.fallbackName
                elide: Text.ElideMiddle
                font.weight: Font.DemiBold
                color: card.textColor
            }
            Label {
                text: card.file.sizeText !== undefined ? card.file.sizeText : qsTr("File unavailable")
                font.pointSize: Theme.smallFont
                color: card.metaColor
            }
        }
    }

    // Progress while the bytes move (or wait for the peer).
    ColumnLayout {
        visible: card.moving
        Layout.fillWidth: true
        spacing: 2
        ProgressBar {
            objectName: "fileProgress"
            Layout.fillWidth: true
            from: 0
            to: 1
            value: card.file.progress !== undefined ? card.file.progress : 0
            indeterminate: card.transferState === "offered"
        }
        Label {
            text: card.transferState === "offered" ? (card.outgoing ? qsTr("Waiting for the recipient…") : qsTr("Starting…"))
                  : card.transferState === "paused" ? qsTr("Paused: resumes when the peer is back online")
                  : [Math.round(card.file.progress * 100) + " %", card.file.rateText, card.duration(card.file.eta)]
                    .filter(s => s !== "").join(" · ")
            font.pointSize: Theme.smallFont
            color: card.metaColor
        }
    }

    Label {
        visible: card.transferState === "failed" || card.transferState === "cancelled" || card.transferState === "declined"
        Layout.fillWidth: true
        Layout.maximumWidth: card.maxWidth
        wrapMode: Text.Wrap
        text: card.transferState === "declined" ? qsTr("Declined")
              : card.transferState === "cancelled" ? qsTr("Cancelled")
              : qsTr("Failed: %1").arg(card.file.error)
        font.pointSize: Theme.smallFont
        color: card.outgoing ? card.textColor : Theme.danger
    }

    RowLayout {
        spacing: 6
        Button {
            visible: card.file.canAnswer === true
            text: qsTr("Accept")
            highlighted: true
            onClicked: Files.accept(card.uuid)
        }
        Button {
            visible: card.file.canAnswer === true
            text: qsTr("Decline")
            onClicked: Files.decline(card.uuid)
        }
        Button {
            visible: card.file.canCancel === true && card.file.canAnswer !== true
            text: qsTr("Cancel")
            flat: true
            onClicked: Files.cancel(card.uuid)
        }
        Button {
            objectName: "openFile"
            visible: card.file.path !== undefined && card.file.path !== "" && !card.moving
            text: qsTr("Open")
            flat: true
            onClicked: Qt.openUrlExternally(card.file.url)
        }
        Button {
            visible: card.file.path !== undefined && card.file.path !== "" && !card.moving
            text: qsTr("Show in folder")
            flat: true
            onClicked: Qt.openUrlExternally(card.file.folderUrl)
        }
    }

    // The image at full size, over the window; a click or Escape closes it.
    Popup {
        id: viewer
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: parent ? parent.width : 800
        height: parent ? parent.height : 600
        modal: true
        padding: 0
        background: Rectangle { color: Theme.pictureScrim }
        Image {
            anchors.fill: parent
            anchors.margins: 16
            source: viewer.opened && card.showImage ? card.file.url : ""
            fillMode: Image.PreserveAspectFit
            asynchronous: true
            TapHandler { onTapped: viewer.close() }
        }
    }
}
