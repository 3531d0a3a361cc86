// `tincan ctl groups`, `group …` and `delivery`: the group endpoints of the bridge, for people.
#include "ctlformat.h"
#include "ctlsession.h"

#include <QUrl>

namespace Tincan::Ctl {

namespace {

QString encoded(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

// <group>: its id, an unambiguous id prefix (4 or more), or an unambiguous name.
std::optional<QString> resolveGroup(const QString &text, Client &client, Failure *failure)
{
    const auto body = client.fetch("GET", QStringLiteral("/api/v1/groups"), {}, failure);
    if (!body)
        return std::nullopt;
    const QString wanted = text.trimmed();
    QStringList byPrefix, byName;
    for (const QJsonValue &value : (*body)[QLatin1String("groups")].toArray()) {
        const QString id = value[QLatin1String("id")].toString();
        if (id == wanted.toLower())
            return id;
        if (wanted.size() >= 4 && id.startsWith(wanted, Qt::CaseInsensitive))
            byPrefix << id;
        if (value[QLatin1String("name")].toString().compare(wanted, Qt::CaseInsensitive) == 0)
            byName << id;
    }
    const QStringList &matches = byPrefix.isEmpty() ? byName : byPrefix;
    if (matches.size() == 1)
        return matches.first();
    *failure = {NotFound,
                matches.isEmpty()
                    ? QStringLiteral("no group matches '%1' (see 'tincan ctl groups')").arg(text)
                    : QStringLiteral("'%1' names %2 groups; give its id (see 'tincan ctl groups')")
                          .arg(text)
                          .arg(matches.size())};
    return std::nullopt;
}

std::optional<QStringList> resolvePeers(const Session &s, const QStringList &names,
                                        Failure *failure)
{
    const auto peers = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, failure);
    if (!peers)
        return std::nullopt;
    QStringList ids;
    for (const QString &name : names) {
        const auto id =
            resolve(name, (*peers)[QLatin1String("peers")].toArray(), s.client, failure, false);
        if (!id)
            return std::nullopt;
        ids << *id;
    }
    return ids;
}

QString groupLine(const QJsonObject &group)
{
    const int members = int(group[QLatin1String("members")].toArray().size());
    const QString role = group[QLatin1String("member")].toBool()
                             ? group[QLatin1String("role")].toString()
                             : QStringLiteral("not a member");
    return QStringLiteral("%1 %2 %3 %4")
        .arg(group[QLatin1String("name")].toString(), -24)
        .arg(QStringLiteral("%1 member%2")
                 .arg(members)
                 .arg(members == 1 ? QLatin1String("") : QLatin1String("s")),
             -11)
        .arg(role, -12)
        .arg(group[QLatin1String("id")].toString());
}

QString groupInfo(const QJsonObject &group)
{
    QString text = groupLine(group) + QLatin1Char('\n');
    for (const QJsonValue &m : group[QLatin1String("members")].toArray()) {
        text +=
            QStringLiteral("  %1 %2 %3 %4\n")
                .arg(m[QLatin1String("online")].toBool() ? QStringLiteral("online ")
                                                         : QStringLiteral("offline"))
                .arg(m[QLatin1String("displayName")].toString() +
                         (m[QLatin1String("self")].toBool() ? QStringLiteral(" (you)") : QString()),
                     -24)
                .arg(m[QLatin1String("role")].toString(), -8)
                .arg(m[QLatin1String("id")].toString().left(16));
    }
    return text;
}

// One call whose answer is a group: printed as JSON or as the group's info.
int groupCall(const Session &s, const QByteArray &method, const QString &path,
              const std::optional<QJsonObject> &body, const QString &done)
{
    Failure failure;
    const auto reply = s.client.fetch(method, path, body, &failure);
    if (!reply)
        return s.fail(failure);
    if (s.options.json) {
        s.printJson(*reply);
        return Ok;
    }
    if (!done.isEmpty())
        s.out << done << "\n";
    s.out << groupInfo(*reply);
    return Ok;
}

int usage(const Session &s)
{
    return s.fail({Usage, QStringLiteral("usage: tincan ctl group create <name> <peer>... | info "
                                         "<group> | add <group> <peer>... | remove <group> <peer> "
                                         "| promote <group> <peer> | rename <group> <name>... | "
                                         "leave <group>")});
}

} // namespace

int groups(const Session &s)
{
    Failure failure;
    const auto body = s.client.fetch("GET", QStringLiteral("/api/v1/groups"), {}, &failure);
    if (!body)
        return s.fail(failure);
    if (s.options.json) {
        s.printJson(*body);
        return Ok;
    }
    const QJsonArray list = (*body)[QLatin1String("groups")].toArray();
    for (const QJsonValue &group : list)
        s.out << groupLine(group.toObject()) << "\n";
    if (list.isEmpty())
        s.out << "no groups yet: 'tincan ctl group create NAME PEER...'\n";
    return Ok;
}

int group(const Session &s)
{
    const QStringList &args = s.options.arguments;
    const QString sub = args.value(0);
    Failure failure;
    if (sub == u"create") {
        if (args.size() < 2)
            return usage(s);
        const auto members = resolvePeers(s, args.mid(2), &failure);
        if (!members)
            return s.fail(failure);
        return groupCall(
            s, "POST", QStringLiteral("/api/v1/groups"),
            QJsonObject{{QStringLiteral("name"), args.at(1)},
                        {QStringLiteral("members"), QJsonArray::fromStringList(*members)}},
            QStringLiteral("created"));
    }
    static const QStringList withGroup{QStringLiteral("info"),   QStringLiteral("add"),
                                       QStringLiteral("remove"), QStringLiteral("promote"),
                                       QStringLiteral("rename"), QStringLiteral("leave")};
    if (!withGroup.contains(sub) || args.size() < 2)
        return usage(s);
    const bool onePeer = sub == u"remove" || sub == u"promote";
    if ((sub == u"info" || sub == u"leave") != (args.size() == 2) || (onePeer && args.size() != 3))
        return usage(s);
    const auto id = resolveGroup(args.at(1), s.client, &failure);
    if (!id)
        return s.fail(failure);
    const QString path = QStringLiteral("/api/v1/groups/") + encoded(*id);
    if (sub == u"info")
        return groupCall(s, "GET", path, std::nullopt, {});
    if (sub == u"leave")
        return groupCall(s, "POST", path + QStringLiteral("/leave"), QJsonObject{},
                         QStringLiteral("you left the group; you receive nothing new from it"));
    if (sub == u"rename")
        return groupCall(s, "PATCH", path,
                         QJsonObject{{QStringLiteral("name"), args.mid(2).join(QLatin1Char(' '))}},
                         QStringLiteral("renamed"));
    const auto peers = resolvePeers(s, args.mid(2), &failure);
    if (!peers)
        return s.fail(failure);
    if (sub == u"add")
        return groupCall(
            s, "POST", path + QStringLiteral("/members"),
            QJsonObject{{QStringLiteral("members"), QJsonArray::fromStringList(*peers)}},
            QStringLiteral("added"));
    const QString member = path + QStringLiteral("/members/") + encoded(peers->first());
    if (sub == u"remove")
        return groupCall(s, "DELETE", member, std::nullopt, QStringLiteral("removed"));
    return groupCall(s, "PATCH", member,
                     QJsonObject{{QStringLiteral("role"), QStringLiteral("admin")}},
                     QStringLiteral("promoted to admin"));
}

int delivery(const Session &s)
{
    if (s.options.arguments.size() != 1)
        return s.fail({Usage, QStringLiteral("usage: tincan ctl delivery <message uuid>")});
    Failure failure;
    const auto reply = s.client.fetch(
        "GET",
        QStringLiteral("/api/v1/messages/%1/delivery").arg(encoded(s.options.arguments.first())),
        {}, &failure);
    if (!reply)
        return s.fail(failure);
    if (s.options.json) {
        s.printJson(*reply);
        return Ok;
    }
    s.out << (*reply)[QLatin1String("summary")].toString() << "\n";
    for (const QJsonValue &r : (*reply)[QLatin1String("recipients")].toArray())
        s.out << QStringLiteral("  %1 %2 %3\n")
                     .arg(r[QLatin1String("displayName")].toString(), -24)
                     .arg(r[QLatin1String("state")].toString(), -10)
                     .arg(Format::localTime(r[QLatin1String("at")]));
    return Ok;
}

} // namespace Tincan::Ctl
