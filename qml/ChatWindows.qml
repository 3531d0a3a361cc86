import QtQuick
import Tincan

// The conversations open in windows of their own: opening, raising, and the layout kept in
// the `windows` setting so that it comes back at the next start.
QtObject {
    id: manager
    property var windows: ({}) // conversationId → ChatWindow
    property Component component: Component { ChatWindow {} }
    property Timer saveTimer: Timer { interval: 500; onTriggered: manager.save() }

    signal peerDetailsRequested(string peerId)

    function open(conversationId, geometry) {
        if (conversationId === "")
            return null
        let window = windows[conversationId]
        if (!window) {
            const props = { conversationId: conversationId }
            if (geometry && geometry.width > 0) {
                props.x = geometry.x
                props.y = geometry.y
                props.width = geometry.width
                props.height = geometry.height
            }
            window = component.createObject(null, props)
            window.closing.connect(() => manager.forget(conversationId))
            window.layoutChanged.connect(() => manager.saveTimer.restart())
            window.peerDetailsRequested.connect(peerId => manager.peerDetailsRequested(peerId))
            windows[conversationId] = window
            save()
        }
        window.show()
        if (!geometry && !window.active) { // restored windows come back quietly, behind
            window.raise()
            window.requestActivate()
        }
        return window
    }

    function forget(conversationId) {
        const window = windows[conversationId]
        delete windows[conversationId]
        save()
        if (window)
            window.destroy()
    }

    function isActive(conversationId) {
        const window = windows[conversationId]
        return window !== undefined && window.active
    }

    function save() {
        const layout = []
        for (const id in windows) {
            const w = windows[id]
            layout.push({ conversationId: id, x: w.x, y: w.y, width: w.width, height: w.height })
        }
        App.saveWindows(layout)
    }

    function restore() {
        for (const entry of App.savedWindows())
            open(entry.conversationId, entry)
    }
}
