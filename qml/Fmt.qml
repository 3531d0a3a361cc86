pragma Singleton
import QtQuick

// Formatting shared by the views: times, days and counts.
QtObject {
    // "3 members · 2 online": spelled out, because English plural forms of %n need a loaded
    // translation, and without one qsTr shows "member(s)".
    function memberCount(count, online) {
        return (count === 1 ? qsTr("1 member") : qsTr("%1 members").arg(count)) + " · "
               + qsTr("%1 online").arg(online)
    }

    function time(date) {
        // Short formats of some locales (C among them) carry seconds, which chat times do not need.
        const format = Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, "")
        return date ? Qt.formatTime(date, format) : ""
    }

    function sameDay(a, b) {
        return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth()
                && a.getDate() === b.getDate()
    }

    function day(date) {
        if (!date)
            return ""
        const today = new Date()
        const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1)
        if (sameDay(date, today))
            return qsTr("Today")
        if (sameDay(date, yesterday))
            return qsTr("Yesterday")
        if (date.getFullYear() === today.getFullYear())
            return date.toLocaleDateString(Qt.locale(), "dddd, d MMMM")
        return date.toLocaleDateString(Qt.locale(), Locale.LongFormat)
    }

    // For the conversation list: the time today, the weekday this week, else a short date.
    function shortWhen(date) {
        if (!date || isNaN(date.getTime()))
            return ""
        const now = new Date()
        if (sameDay(date, now))
            return time(date)
        if (now - date < 6 * 24 * 3600 * 1000)
            return date.toLocaleDateString(Qt.locale(), "ddd")
        return date.toLocaleDateString(Qt.locale(), Locale.ShortFormat)
    }

    function lastSeen(date) {
        if (!date || isNaN(date.getTime()))
            return qsTr("never seen")
        const minutes = Math.round((new Date() - date) / 60000)
        if (minutes < 2)
            return qsTr("seen just now")
        if (minutes < 60)
            return qsTr("seen %n minute(s) ago", "", minutes)
        return qsTr("seen %1").arg(shortWhen(date))
    }
}
