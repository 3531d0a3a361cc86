// `tincan ctl mailbox [use <peer> | stop]`: the mailbox this node uses, the messages waiting
// for offline contacts (and where), and on a mailbox what it holds for each owner.
#include "ctlsession.h"

namespace Tincan::Ctl {

namespace Mailboxes {
namespace {

QString sizeText(double bytes)
{
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(bytes / 1024, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024), 0, 'f', 1);
}

void printStatus(const Session &s, const QJsonObject &status)
{
    const QJsonObject mine = status[QLatin1String("mailbox")].toObject();
    const QString state = mine[QLatin1String("state")].toString();
    if (state == u"none") {
        s.out << "Mailbox: none (messages to offline contacts wait here, or in their mailbox)\n";
    } else {
        const QString answer = state == u"accepted"      ? QStringLiteral("holds your messages")
                               : state == u"not-offered" ? QStringLiteral("does not offer to be a "
                                                                          "mailbox")
                                                         : QStringLiteral("has not answered yet");
        s.out << "Mailbox: " << mine[QLatin1String("name")].toString() << " ("
              << mine[QLatin1String("peer")].toString().left(12) << "), "
              << (mine[QLatin1String("online")].toBool() ? "online" : "offline") << ", " << answer
              << "\n";
    }
    const QJsonArray waiting = status[QLatin1String("waiting")].toArray();
    if (waiting.isEmpty())
        s.out << "Waiting: nothing\n";
    for (const QJsonValue &value : waiting) {
        const QJsonObject each = value.toObject();
        s.out << "Waiting for " << each[QLatin1String("name")].toString() << ": "
              << each[QLatin1String("messages")].toInt() << " messages, "
              << each[QLatin1String("deposited")].toInt() << " held by a mailbox";
        if (each.contains(QLatin1String("held")))
            s.out << " (not deposited: " << each[QLatin1String("held")].toString() << ")";
        s.out << "\n";
    }
    s.out << "Collected from mailboxes: " << status[QLatin1String("collected")].toInt()
          << ", rejected as damaged or forged: " << status[QLatin1String("rejected")].toInt()
          << "\n";
    const QJsonObject serving = status[QLatin1String("serving")].toObject();
    const QJsonArray owners = serving[QLatin1String("owners")].toArray();
    if (!serving[QLatin1String("offered")].toBool() && owners.isEmpty())
        return;
    s.out << "As a mailbox: " << (serving[QLatin1String("offered")].toBool() ? "on" : "off")
          << ", quota " << sizeText(serving[QLatin1String("quotaBytes")].toDouble())
          << " per owner\n";
    for (const QJsonValue &value : owners) {
        const QJsonObject owner = value.toObject();
        s.out << "  for " << owner[QLatin1String("name")].toString() << ": "
              << owner[QLatin1String("envelopes")].toInt() << " envelopes, "
              << sizeText(owner[QLatin1String("bytes")].toDouble()) << "\n";
    }
}

} // namespace
} // namespace Mailboxes

int mailbox(const Session &s)
{
    const QStringList &args = s.options.arguments;
    const QString usage = QStringLiteral("usage: tincan ctl mailbox [use <peer> | stop]");
    Failure failure;
    std::optional<QJsonObject> status;
    if (args.isEmpty()) {
        status = s.client.fetch("GET", QStringLiteral("/api/v1/mailbox"), {}, &failure);
    } else if ((args.first() == u"use" && args.size() == 2) ||
               (args.first() == u"stop" && args.size() == 1)) {
        QString peer;
        if (args.first() == u"use") {
            const auto peers = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, &failure);
            const auto id = peers ? resolve(args.at(1), (*peers)[QLatin1String("peers")].toArray(),
                                            s.client, &failure, false)
                                  : std::nullopt;
            if (!id)
                return s.fail(failure);
            peer = *id;
        }
        status = s.client.fetch("PATCH", QStringLiteral("/api/v1/mailbox"),
                                QJsonObject{{QStringLiteral("peer"), peer}}, &failure);
    } else {
        return s.fail({Usage, usage});
    }
    if (!status)
        return s.fail(failure);
    if (s.options.json)
        s.printJson(*status);
    else
        Mailboxes::printStatus(s, *status);
    return Ok;
}

} // namespace Tincan::Ctl
