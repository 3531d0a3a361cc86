#include "ctlformat.h"
#include "store/storetypes.h"

#include <QLocale>

#include <QDateTime>

namespace Tincan::Ctl::Format {

namespace {
QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QString nameOf(const QString &id, const Names &names)
{
    return PeerRecord::displayNameOf(id, {}, names.value(id));
}
} // namespace

QString localTime(const QJsonValue &isoTime)
{
    const QDateTime time = QDateTime::fromString(isoTime.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                          : QStringLiteral("-");
}

QString peerTable(const QJsonArray &peers)
{
    if (peers.isEmpty())
        return QStringLiteral("no peers yet: 'tincan ctl connect HOST:PORT', or wait for "
                              "discovery\n");
    QString text;
    for (const QJsonValue &value : peers) {
        const QJsonObject peer = value.toObject();
        const QJsonArray addresses = peer.value(QLatin1String("addresses")).toArray();
        const bool online = peer.value(QLatin1String("online")).toBool();
        text +=
            QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                .arg(online ? QStringLiteral("online ") : QStringLiteral("offline"))
                .arg(str(peer, "displayName"), -20)
                .arg(str(peer, "trust"), -10)
                .arg(str(peer, "id").left(16), -16)
                .arg(addresses.isEmpty() ? QStringLiteral("-") : addresses.first().toString(), -22)
                .arg(online ? str(peer.value(QLatin1String("link")).toObject(), "kind")
                            : QStringLiteral("last seen ") +
                                  localTime(peer.value(QLatin1String("lastSeen"))));
    }
    return text;
}

QString messageLine(const QJsonObject &message, const Names &names)
{
    const bool outgoing = message.value(QLatin1String("outgoing")).toBool();
    const QString who = outgoing ? QStringLiteral("you") : nameOf(str(message, "senderId"), names);
    QString text = message.value(QLatin1String("deleted")).toBool() ? QStringLiteral("(deleted)")
                                                                    : str(message, "text");
    text.replace(QLatin1Char('\n'), QLatin1String("\n    ")); // continuation lines indented
    QString line = QStringLiteral("[%1] %2: %3")
                       .arg(localTime(message.value(QLatin1String("sentAt"))), who, text);
    if (outgoing && message.contains(QLatin1String("held"))) // a mailbox refused it
        line +=
            QStringLiteral("  (%1; waits: %2)").arg(str(message, "state"), str(message, "held"));
    else if (outgoing)
        line += QStringLiteral("  (%1)").arg(str(message, "state"));
    return line;
}

QString eventLine(const QJsonObject &frame, const Names &names)
{
    const QString event = str(frame, "event");
    const QJsonObject data = frame.value(QLatin1String("data")).toObject();
    const QJsonObject peer = data.value(QLatin1String("peer")).toObject();
    if (event == u"ready")
        return QStringLiteral("connected to %1; waiting for events (Ctrl-C stops)")
            .arg(str(data, "name"));
    if (event == u"message.new")
        return messageLine(data, names);
    if (event == u"message.updated")
        return QStringLiteral("edited: ") + messageLine(data, names);
    if (event == u"message.state")
        return QStringLiteral("message %1 is %2")
            .arg(str(data, "uuid").left(8), str(data, "state"));
    if (event == u"peer.online" || event == u"peer.offline" || event == u"peer.updated")
        return QStringLiteral("%1 %2 (%3)")
            .arg(str(peer, "displayName"),
                 event == u"peer.online"    ? QStringLiteral("is online")
                 : event == u"peer.offline" ? QStringLiteral("went offline")
                                            : QStringLiteral("changed"),
                 str(peer, "trust"));
    if (event == u"typing")
        return data.value(QLatin1String("typing")).toBool()
                   ? QStringLiteral("%1 is typing").arg(nameOf(str(data, "peerId"), names))
                   : QString();
    if (event == u"keychange")
        return QStringLiteral("WARNING: %1 at %2 presented a different key (%3); check the safety "
                              "number before you accept it")
            .arg(str(data, "knownName"), str(data, "address"), str(data, "presentedId").left(16));
    if (event == u"group.updated") {
        const QJsonObject group = data.value(QLatin1String("group")).toObject();
        const int members = int(group.value(QLatin1String("members")).toArray().size());
        return group.value(QLatin1String("member")).toBool()
                   ? QStringLiteral("group %1 now has %2 members")
                         .arg(str(group, "name"))
                         .arg(members)
                   : QStringLiteral("you are no longer a member of group %1")
                         .arg(str(group, "name"));
    }
    return QString(); // conversations.changed and future events: nothing to say
}

QString transferLine(const QJsonObject &t, const Names &names)
{
    const QLocale c = QLocale::c();
    auto size = [&](qint64 bytes) {
        return c.formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
    };
    const bool out = t[QLatin1String("direction")].toString() == u"out";
    const QString peerId = t[QLatin1String("peerId")].toString();
    const QString peer = names.value(peerId, peerId.left(12));
    const qint64 total = t[QLatin1String("size")].toInteger();
    const qint64 bytes = t[QLatin1String("bytes")].toInteger();
    const QString state = t[QLatin1String("state")].toString();
    QString line = QStringLiteral("%1 %2 %3% ")
                       .arg(out ? QStringLiteral("out") : QStringLiteral("in "))
                       .arg(state, -9)
                       .arg(total > 0 ? bytes * 100 / total : 100, 3);
    const qint64 rate = t[QLatin1String("bytesPerSecond")].toInteger();
    if (state == u"active" && rate > 0) {
        line += size(rate) + QStringLiteral("/s ");
        if (!t[QLatin1String("etaSeconds")].isNull())
            line += QStringLiteral("ETA %1s ").arg(t[QLatin1String("etaSeconds")].toInteger());
    }
    line += QStringLiteral(" %1 (%2) %3 %4  [%5]")
                .arg(t[QLatin1String("name")].toString(), size(total),
                     out ? QStringLiteral("to") : QStringLiteral("from"), peer,
                     t[QLatin1String("id")].toString());
    const QString error = t[QLatin1String("error")].toString();
    if (!error.isEmpty())
        line += QStringLiteral(": ") + error;
    return line;
}

} // namespace Tincan::Ctl::Format
