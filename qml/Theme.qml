pragma Singleton
import QtQuick
import Tincan

// Colours and sizes of the whole UI. Theme "system" takes the platform palette (so the app
// looks at home in the desktop's light or dark scheme); "light" and "dark" are our own.
QtObject {
    id: theme

    readonly property SystemPalette system: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool followSystem: App.theme === "system"
    readonly property bool dark: App.theme === "dark"
                                 || (followSystem && system.window.hslLightness < 0.5)

    function pick(light, darkColor) { return theme.dark ? darkColor : light }

    // Surfaces
    readonly property color window: followSystem ? system.window : pick("#f3f4f6", "#1b1d21")
    readonly property color sidebar: followSystem ? Qt.darker(system.window, dark ? 0.85 : 1.03)
                                                  : pick("#eceef2", "#16181b")
    readonly property color base: followSystem ? system.base : pick("#ffffff", "#111315")
    readonly property color raised: pick("#ffffff", "#24272c")
    readonly property color hover: pick("#e2e5ea", "#2a2d33")
    readonly property color selected: Qt.rgba(accent.r, accent.g, accent.b, dark ? 0.28 : 0.16)
    readonly property color separator: pick("#dcdfe4", "#2c2f35")

    // Text
    readonly property color text: followSystem ? system.windowText : pick("#1c1e21", "#e6e8eb")
    readonly property color secondaryText: Qt.rgba(text.r, text.g, text.b, 0.62)
    readonly property color placeholder: Qt.rgba(text.r, text.g, text.b, 0.45)

    // Accent and states
    readonly property color accent: followSystem ? system.highlight : pick("#2f6fed", "#4c8dff")
    readonly property color accentText: "#ffffff" // also any text or icon on a coloured fill
    readonly property color online: "#2fb45a"
    readonly property color nearby: "#f0a020"
    readonly property color offline: pick("#a3a8b0", "#5d626a")
    readonly property color danger: pick("#d93025", "#ff6b5e")
    readonly property color warningBackground: pick("#fff4e0", "#3a2c14")
    readonly property color warningBorder: pick("#f0b54a", "#a8782a")
    readonly property color dangerBackground: pick("#fde8e6", "#3d1b19")
    readonly property color verified: pick("#1e8e3e", "#5bd07f")

    // Bubbles
    readonly property color bubbleOut: accent
    readonly property color bubbleOutText: accentText
    readonly property color bubbleIn: pick("#eef0f3", "#2a2d33")
    readonly property color bubbleInText: text
    readonly property color link: pick("#1a56d6", "#8ab4ff")
    // On an outgoing (accent) bubble: secondary text, tints, selection, the "read" ticks.
    readonly property color onAccentMeta: Qt.rgba(1, 1, 1, 0.78)
    readonly property color onAccentTint: Qt.rgba(1, 1, 1, 0.2)
    readonly property color onAccentShade: Qt.rgba(0, 0, 0, 0.16)
    readonly property color onAccentSelection: Qt.rgba(1, 1, 1, 0.35)
    readonly property color onAccentRead: "#b9f6ca"
    readonly property color accentTint: Qt.rgba(accent.r, accent.g, accent.b, 0.12)

    // Behind a modal popup, and behind a picture shown full size.
    readonly property color scrim: Qt.rgba(0, 0, 0, 0.35)
    readonly property color pictureScrim: Qt.rgba(0, 0, 0, 0.85)

    // The bevels of the Controls palette (Fusion draws frames and sliders with them).
    readonly property color bevelDark: pick("#a9adb4", "#0d0e10")
    readonly property color bevelLight: pick("#ffffff", "#34373d")
    readonly property color bevelMidlight: pick("#f2f3f5", "#2a2d32")

    // Avatars without a picture: a colour per peer, picked from its id (stable across renames).
    readonly property var avatarColors: ["#e8575a", "#f08a3e", "#d7a31a", "#4caf64", "#2aa5a0",
                                         "#3d8bfd", "#7b61ff", "#c455c8"]
    function avatarColor(key) {
        let hash = 0
        const text = String(key)
        for (let i = 0; i < text.length; ++i)
            hash = (hash * 31 + text.charCodeAt(i)) | 0
        return avatarColors[Math.abs(hash) % avatarColors.length]
    }

    // Sizes: derived from the platform font so that high DPI and large fonts scale everything.
    readonly property real fontSize: Math.max(Qt.application.font.pointSize, 10)
    readonly property real smallFont: fontSize * 0.85
    readonly property real largeFont: fontSize * 1.25
    readonly property real titleFont: fontSize * 1.5
    readonly property int spacing: 8
    readonly property int radius: 8
    readonly property int bubbleRadius: 16
    readonly property int sidebarWidth: 300
}
