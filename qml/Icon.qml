import QtQuick
import Tincan

// Line icons drawn on a 24×24 grid, so the app needs no icon theme or image plugin and the
// icons follow the text colour of every theme.
Canvas {
    id: icon
    property string name
    property color color: Theme.text
    property real lineWidth: 1.8

    implicitWidth: 18
    implicitHeight: 18
    onNameChanged: requestPaint()
    onColorChanged: requestPaint()
    onWidthChanged: requestPaint()
    onHeightChanged: requestPaint()

    function line(ctx, points) {
        ctx.beginPath()
        ctx.moveTo(points[0], points[1])
        for (let i = 2; i < points.length; i += 2)
            ctx.lineTo(points[i], points[i + 1])
        ctx.stroke()
    }
    function circle(ctx, x, y, r, fill) {
        ctx.beginPath()
        ctx.arc(x, y, r, 0, 2 * Math.PI)
        if (fill)
            ctx.fill()
        else
            ctx.stroke()
    }

    onPaint: {
        const ctx = getContext("2d")
        ctx.reset()
        ctx.strokeStyle = icon.color
        ctx.fillStyle = icon.color
        ctx.lineWidth = icon.lineWidth
        ctx.lineCap = "round"
        ctx.lineJoin = "round"
        ctx.scale(width / 24, height / 24)
        switch (icon.name) {
        case "search":
            circle(ctx, 10.5, 10.5, 6.5)
            line(ctx, [15.5, 15.5, 20, 20])
            break
        case "group":
            circle(ctx, 9, 8, 3.2)
            ctx.beginPath(); ctx.arc(9, 20, 6.5, Math.PI, 2 * Math.PI); ctx.stroke()
            circle(ctx, 17, 9, 2.5)
            ctx.beginPath(); ctx.arc(17, 20, 5, 1.2 * Math.PI, 2 * Math.PI); ctx.stroke()
            break
        case "plus":
            line(ctx, [12, 5, 12, 19])
            line(ctx, [5, 12, 19, 12])
            break
        case "settings":
            circle(ctx, 12, 12, 3)
            circle(ctx, 12, 12, 7)
            for (let k = 0; k < 8; ++k) {
                const a = k * Math.PI / 4
                line(ctx, [12 + 7 * Math.cos(a), 12 + 7 * Math.sin(a),
                           12 + 9.5 * Math.cos(a), 12 + 9.5 * Math.sin(a)])
            }
            break
        case "window":
            line(ctx, [11, 5, 5, 5, 5, 19, 19, 19, 19, 13])
            line(ctx, [12, 12, 20, 4])
            line(ctx, [14, 4, 20, 4, 20, 10])
            break
        case "info":
            circle(ctx, 12, 12, 9)
            line(ctx, [12, 11, 12, 16.5])
            circle(ctx, 12, 7.8, 1.1, true)
            break
        case "send":
            ctx.beginPath()
            ctx.moveTo(3.5, 11)
            ctx.lineTo(20.5, 3.5)
            ctx.lineTo(13.5, 20.5)
            ctx.lineTo(11, 13)
            ctx.closePath()
            ctx.fill()
            break
        case "close":
            line(ctx, [6, 6, 18, 18])
            line(ctx, [18, 6, 6, 18])
            break
        case "down":
            line(ctx, [6, 9, 12, 15, 18, 9])
            break
        case "up":
            line(ctx, [6, 15, 12, 9, 18, 15])
            break
        case "check":
            line(ctx, [5, 12.5, 10, 17, 19, 7])
            break
        case "reply":
            line(ctx, [10, 6, 5, 11, 10, 16])
            ctx.beginPath()
            ctx.moveTo(5, 11)
            ctx.lineTo(13, 11)
            ctx.quadraticCurveTo(19, 11, 19, 18)
            ctx.stroke()
            break
        case "edit":
            line(ctx, [5, 19, 5, 15.5, 15.5, 5, 19, 8.5, 8.5, 19, 5, 19])
            break
        case "trash":
            line(ctx, [5, 7, 19, 7])
            line(ctx, [10, 4, 14, 4])
            line(ctx, [7, 7, 8, 20, 16, 20, 17, 7])
            break
        case "shield":
            ctx.beginPath()
            ctx.moveTo(12, 3)
            ctx.lineTo(19, 6)
            ctx.lineTo(19, 11)
            ctx.bezierCurveTo(19, 16, 15.5, 19.5, 12, 21)
            ctx.bezierCurveTo(8.5, 19.5, 5, 16, 5, 11)
            ctx.lineTo(5, 6)
            ctx.closePath()
            ctx.stroke()
            break
        case "attach":
            ctx.beginPath()
            ctx.moveTo(17, 11)
            ctx.lineTo(11, 17)
            ctx.bezierCurveTo(8, 20, 4, 16, 7, 13)
            ctx.lineTo(14, 6)
            ctx.bezierCurveTo(16, 4, 19, 7, 17, 9)
            ctx.lineTo(10.5, 15.5)
            ctx.bezierCurveTo(9.5, 16.5, 8, 15, 9, 14)
            ctx.lineTo(14, 9)
            ctx.stroke()
            break
        }
    }
}
