import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

// A sidebar section title, with an optional count.
RowLayout {
    id: header
    property string title
    property int count: -1

    spacing: 6
    Label {
        text: header.title.toUpperCase()
        font.pointSize: Theme.smallFont
        font.weight: Font.DemiBold
        font.letterSpacing: 0.8
        color: Theme.secondaryText
        Accessible.role: Accessible.Heading
        Accessible.name: header.title
    }
    Label {
        visible: header.count >= 0
        text: header.count
        font.pointSize: Theme.smallFont
        color: Theme.secondaryText
    }
    Item { Layout.fillWidth: true }
}
