import QtQuick
import Tincan

// Delivery state of an own message: a clock while queued, one tick when sent, one tick and a
// small envelope when a mailbox holds it for the offline recipient, two ticks when delivered,
// two in the read colour when read, and a red "!" when delivery failed.
Canvas {
    id: ticks
    property int messageState: Core.Queued // Tincan::MessageState
    property color tint: Theme.secondaryText
    property color readColor: Theme.accent

    implicitWidth: 18
    implicitHeight: 12
    Accessible.role: Accessible.StaticText
    Accessible.name: messageState === Core.Read ? qsTr("Read") : messageState === Core.Delivered ? qsTr("Delivered")
                   : messageState === Core.Deposited ? qsTr("Held by a mailbox until the recipient is online")
                   : messageState === Core.Sent ? qsTr("Sent") : messageState === Core.Queued ? qsTr("Waiting to send")
                   : qsTr("Not delivered")
    onMessageStateChanged: requestPaint()
    onTintChanged: requestPaint()
    onReadColorChanged: requestPaint()

    onPaint: {
        const ctx = getContext("2d")
        ctx.reset()
        ctx.scale(width / 18, height / 12)
        ctx.lineWidth = 1.6
        ctx.lineCap = "round"
        ctx.lineJoin = "round"
        const colour = messageState === Core.Read ? readColor : messageState === Core.Failed ? Theme.danger : tint
        ctx.strokeStyle = colour
        ctx.fillStyle = colour
        if (messageState === Core.Failed) {
            ctx.beginPath(); ctx.moveTo(9, 1.5); ctx.lineTo(9, 7.5); ctx.stroke()
            ctx.beginPath(); ctx.arc(9, 10.2, 1, 0, 2 * Math.PI); ctx.fill()
        } else if (messageState === Core.Queued) {
            ctx.beginPath(); ctx.arc(9, 6, 4.8, 0, 2 * Math.PI); ctx.stroke()
            ctx.beginPath(); ctx.moveTo(9, 3.3); ctx.lineTo(9, 6); ctx.lineTo(11, 7.3); ctx.stroke()
        } else if (messageState === Core.Deposited) {
            ctx.beginPath()
            ctx.moveTo(1, 6.5); ctx.lineTo(3.8, 9.3); ctx.lineTo(9.5, 2.8)
            ctx.stroke()
            ctx.strokeRect(11, 4.5, 6, 5)
            ctx.beginPath(); ctx.moveTo(11, 4.5); ctx.lineTo(14, 7.2); ctx.lineTo(17, 4.5); ctx.stroke()
        } else {
            const twoTicks = messageState >= Core.Delivered
            const offset = twoTicks ? 0 : 2.5
            ctx.beginPath()
            ctx.moveTo(1.5 + offset, 6.5); ctx.lineTo(4.5 + offset, 9.5); ctx.lineTo(11 + offset, 2.5)
            ctx.stroke()
            if (twoTicks) {
                ctx.beginPath()
                ctx.moveTo(8.5, 8.8); ctx.lineTo(9.2, 9.5); ctx.lineTo(15.7, 2.5)
                ctx.stroke()
            }
        }
    }
}
