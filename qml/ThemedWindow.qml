import QtQuick
import QtQuick.Controls
import Tincan

// A top-level window of the app (the main window, a chat window) in the theme: its background
// and the Controls palette, so buttons, fields, dialogs and menus follow Theme.
ApplicationWindow {
    color: Theme.window
    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.base
    palette.alternateBase: Theme.sidebar
    palette.text: Theme.text
    palette.button: Theme.raised
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.placeholder
    palette.toolTipBase: Theme.raised
    palette.toolTipText: Theme.text
    palette.mid: Theme.separator
    palette.dark: Theme.bevelDark
    palette.light: Theme.bevelLight
    palette.midlight: Theme.bevelMidlight
    palette.link: Theme.link
}
