import QtQuick
import QtQuick.Controls
import Tincan

// A membership change in a group's history ("Ada added Bob"): a quiet centred line, not a
// bubble, because nobody said it.
Label {
    id: line
    property date at

    horizontalAlignment: Text.AlignHCenter
    wrapMode: Text.Wrap
    textFormat: Text.PlainText
    font.pointSize: Theme.smallFont
    color: Theme.secondaryText
    leftPadding: 12
    rightPadding: 12
    topPadding: 3
    bottomPadding: 3
    background: Rectangle { radius: height / 2; color: Theme.window; opacity: 0.9 }
    Accessible.role: Accessible.StaticText
    Accessible.name: text
    ToolTip.visible: hover.hovered
    ToolTip.text: Fmt.day(at) + " " + Qt.formatTime(at, Qt.DefaultLocaleShortDate)
    ToolTip.delay: 600

    HoverHandler { id: hover }
}
