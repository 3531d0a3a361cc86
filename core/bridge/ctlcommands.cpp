// The commands of `tincan ctl`: each one is a few calls to the bridge and some output.
#include "ctlcommands.h"
#include "ctlclient.h"
#include "ctlformat.h"
#include "ctlsession.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QUrl>

#include <algorithm>

namespace Tincan::Ctl {

std::optional<QString> resolve(const QString &text, const QJsonArray &peers, Client &client,
                               Failure *failure, bool orConversation)
{
    const QString wanted = text.trimmed();
    QList<QJsonObject> byPrefix, byName;
    for (const QJsonValue &value : peers) {
        const QJsonObject peer = value.toObject();
        const QString id = peer[QLatin1String("id")].toString();
        if (id == wanted.toLower())
            return id;
        if (wanted.size() >= 4 && id.startsWith(wanted, Qt::CaseInsensitive))
            byPrefix.append(peer);
        for (const char *key : {"alias", "name"}) {
            if (peer[QLatin1String(key)].toString().compare(wanted, Qt::CaseInsensitive) == 0) {
                byName.append(peer);
                break;
            }
        }
    }
    const QList<QJsonObject> &matches = byPrefix.isEmpty() ? byName : byPrefix;
    if (matches.size() == 1)
        return matches.first()[QLatin1String("id")].toString();
    if (matches.size() > 1) {
        QStringList which;
        for (const QJsonObject &peer : matches)
            which.append(
                QStringLiteral("%1 (%2)").arg(peer[QLatin1String("displayName")].toString(),
                                              peer[QLatin1String("id")].toString().left(12)));
        *failure = {NotFound, QStringLiteral("'%1' is ambiguous: %2; give more of the id")
                                  .arg(text, which.join(QStringLiteral(", ")))};
        return std::nullopt;
    }
    if (!orConversation) {
        *failure = {NotFound,
                    QStringLiteral("no peer matches '%1' (see 'tincan ctl peers')").arg(text)};
        return std::nullopt;
    }
    const auto conversations =
        client.fetch("GET", QStringLiteral("/api/v1/conversations"), {}, failure);
    if (!conversations)
        return std::nullopt;
    for (const QJsonValue &value : (*conversations)[QLatin1String("conversations")].toArray()) {
        const QJsonObject c = value.toObject();
        if (c[QLatin1String("id")].toString() == wanted ||
            c[QLatin1String("title")].toString().compare(wanted, Qt::CaseInsensitive) == 0)
            return c[QLatin1String("id")].toString();
    }
    *failure = {NotFound, QStringLiteral("no peer or conversation matches '%1' (see 'tincan ctl "
                                         "peers')")
                              .arg(text)};
    return std::nullopt;
}

namespace {

Format::Names namesOf(const QJsonArray &peers)
{
    Format::Names names;
    for (const QJsonValue &peer : peers)
        names.insert(peer[QLatin1String("id")].toString(),
                     peer[QLatin1String("displayName")].toString());
    return names;
}

int peers(const Session &s)
{
    Failure failure;
    const auto body = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, &failure);
    if (!body)
        return s.fail(failure);
    if (s.options.json) {
        s.printJson(*body);
        return Ok;
    }
    const QJsonArray all = (*body)[QLatin1String("peers")].toArray();
    QList<QJsonValue> list(all.begin(), all.end());
    std::stable_sort(list.begin(), list.end(), [](const QJsonValue &a, const QJsonValue &b) {
        return a[QLatin1String("online")].toBool() && !b[QLatin1String("online")].toBool();
    });
    QJsonArray sorted;
    for (const QJsonValue &peer : list)
        sorted.append(peer);
    s.out << Format::peerTable(sorted);
    return Ok;
}

int send(const Session &s)
{
    if (s.options.arguments.size() < 2)
        return s.fail({Usage, QStringLiteral("usage: tincan ctl send <peer> <text>...")});
    Failure failure;
    const auto peerList = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, &failure);
    const auto to = peerList
                        ? resolve(s.options.arguments.first(),
                                  (*peerList)[QLatin1String("peers")].toArray(), s.client, &failure)
                        : std::nullopt;
    if (!to)
        return s.fail(failure);
    const QString text = s.options.arguments.mid(1).join(QLatin1Char(' '));
    const auto message = s.client.fetch(
        "POST", QStringLiteral("/api/v1/messages"),
        QJsonObject{{QStringLiteral("to"), *to}, {QStringLiteral("text"), text}}, &failure);
    if (!message)
        return s.fail(failure);
    if (s.options.json)
        s.printJson(*message);
    else
        s.out << "sent " << (*message)[QLatin1String("uuid")].toString() << " ("
              << (*message)[QLatin1String("state")].toString() << ")\n";
    return Ok;
}

int simplePost(const Session &s, const QString &path, const QJsonObject &body,
               const std::function<QString(const QJsonObject &)> &describe);

int sendFile(const Session &s)
{
    if (s.options.arguments.size() != 2)
        return s.fail({Usage, QStringLiteral("usage: tincan ctl send-file <peer> <path>")});
    const QFileInfo file(s.options.arguments.at(1));
    if (!file.isFile())
        return s.fail({Failed, QStringLiteral("no such file: %1").arg(file.filePath())});
    Failure failure;
    const auto peerList = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, &failure);
    const auto to = peerList
                        ? resolve(s.options.arguments.first(),
                                  (*peerList)[QLatin1String("peers")].toArray(), s.client, &failure)
                        : std::nullopt;
    if (!to)
        return s.fail(failure);
    const auto reply = s.client.fetch(
        "POST", QStringLiteral("/api/v1/transfers"),
        QJsonObject{{QStringLiteral("to"), *to}, {QStringLiteral("path"), file.absoluteFilePath()}},
        &failure);
    if (!reply)
        return s.fail(failure);
    if (s.options.json)
        s.printJson(*reply);
    else
        s.out << "offered " << file.fileName() << " as transfer "
              << (*reply)[QLatin1String("id")].toString()
              << "; 'tincan ctl transfers' shows its progress\n";
    return Ok;
}

int transfers(const Session &s)
{
    Failure failure;
    const auto peerList = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, &failure);
    const auto list = peerList
                          ? s.client.fetch("GET", QStringLiteral("/api/v1/transfers"), {}, &failure)
                          : std::nullopt;
    if (!list)
        return s.fail(failure);
    if (s.options.json) {
        s.printJson(*list);
        return Ok;
    }
    const Format::Names names = namesOf((*peerList)[QLatin1String("peers")].toArray());
    const QJsonArray all = (*list)[QLatin1String("transfers")].toArray();
    for (const QJsonValue &transfer : all)
        s.out << Format::transferLine(transfer.toObject(), names) << "\n";
    if (all.isEmpty())
        s.out << "no transfers yet\n";
    return Ok;
}

int transferAction(const Session &s, const QString &action)
{
    if (s.options.arguments.size() != 1)
        return s.fail(
            {Usage, QStringLiteral("usage: tincan ctl %1-file <transfer id>").arg(action)});
    const QString id = s.options.arguments.first();
    return simplePost(s,
                      QStringLiteral("/api/v1/transfers/%1/%2")
                          .arg(QString::fromLatin1(QUrl::toPercentEncoding(id)), action),
                      {}, [id, action](const QJsonObject &) {
                          return QStringLiteral("%1: %2").arg(
                              id, action == u"accept"    ? QStringLiteral("accepted")
                                  : action == u"decline" ? QStringLiteral("declined")
                                                         : QStringLiteral("cancelled"));
                      });
}

int history(const Session &s)
{
    QStringList args = s.options.arguments;
    int count = 20;
    const qsizetype n = args.indexOf(QStringLiteral("-n"));
    if (n >= 0) {
        bool ok = false;
        count = n + 1 < args.size() ? args.at(n + 1).toInt(&ok) : 0;
        if (!ok || count < 1 || count > 500)
            return s.fail({Usage, QStringLiteral("-n needs a number from 1 to 500")});
        args.remove(n, 2);
    }
    if (args.size() != 1)
        return s.fail({Usage, QStringLiteral("usage: tincan ctl history <peer> [-n N]")});
    Failure failure;
    const auto peerList = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, &failure);
    const QJsonArray peerArray =
        peerList ? (*peerList)[QLatin1String("peers")].toArray() : QJsonArray();
    const auto id = peerList ? resolve(args.first(), peerArray, s.client, &failure) : std::nullopt;
    if (!id)
        return s.fail(failure);
    const auto page = s.client.fetch("GET",
                                     QStringLiteral("/api/v1/conversations/%1/messages?limit=%2")
                                         .arg(QString::fromLatin1(QUrl::toPercentEncoding(*id)))
                                         .arg(count),
                                     {}, &failure);
    if (!page)
        return s.fail(failure);
    if (s.options.json) {
        s.printJson(*page);
        return Ok;
    }
    const QJsonArray messages = (*page)[QLatin1String("messages")].toArray(); // newest first
    const Format::Names names = namesOf(peerArray);
    for (qsizetype i = messages.size() - 1; i >= 0; --i)
        s.out << Format::messageLine(messages.at(i).toObject(), names) << "\n";
    if (messages.isEmpty())
        s.out << "no messages yet\n";
    return Ok;
}

int watch(const Session &s)
{
    Failure failure;
    const auto peerList = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, &failure);
    if (!peerList)
        return s.fail(failure);
    Format::Names names = namesOf((*peerList)[QLatin1String("peers")].toArray());
    const Failure end = s.client.watch([&](const QJsonObject &frame) {
        const QJsonObject peer = frame[QLatin1String("data")][QLatin1String("peer")].toObject();
        if (!peer.isEmpty()) // keep names current for the lines that follow
            names.insert(peer[QLatin1String("id")].toString(),
                         peer[QLatin1String("displayName")].toString());
        const QString line =
            s.options.json ? QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact))
                           : Format::eventLine(frame, names);
        if (!line.isEmpty()) {
            s.out << line << "\n";
            s.out.flush(); // a pipe reader sees each event as it happens
        }
    });
    return s.fail(end);
}

int simplePost(const Session &s, const QString &path, const QJsonObject &body,
               const std::function<QString(const QJsonObject &)> &describe)
{
    Failure failure;
    const auto reply = s.client.fetch("POST", path, body, &failure);
    if (!reply)
        return s.fail(failure);
    if (s.options.json)
        s.printJson(*reply);
    else
        s.out << describe(*reply) << "\n";
    return Ok;
}

} // namespace

int runCommand(const Options &options, QTextStream &out, QTextStream &err)
{
    static const QStringList commands{
        QStringLiteral("peers"),        QStringLiteral("send"),
        QStringLiteral("history"),      QStringLiteral("watch"),
        QStringLiteral("connect"),      QStringLiteral("scan"),
        QStringLiteral("groups"),       QStringLiteral("group"),
        QStringLiteral("delivery"),     QStringLiteral("rotate-token"),
        QStringLiteral("open-url"),     QStringLiteral("send-file"),
        QStringLiteral("transfers"),    QStringLiteral("accept-file"),
        QStringLiteral("decline-file"), QStringLiteral("cancel-file"),
        QStringLiteral("requests"),     QStringLiteral("accept"),
        QStringLiteral("ignore"),       QStringLiteral("block"),
        QStringLiteral("settings"),     QStringLiteral("mailbox"),
        QStringLiteral("devices")};
    if (!commands.contains(options.command)) {
        err << "tincan ctl: unknown command '" << options.command << "'\n";
        return Usage;
    }
    Failure failure;
    const auto endpoint = Endpoint::locate(options.profileDir, &failure);
    if (!endpoint) {
        err << "tincan ctl: " << failure.message << "\n";
        return failure.exitCode;
    }
    Client client(*endpoint);
    const Session s{options, out, err, client};
    const QString &command = options.command;
    if (command == u"peers")
        return peers(s);
    if (command == u"send")
        return send(s);
    if (command == u"history")
        return history(s);
    if (command == u"send-file")
        return sendFile(s);
    if (command == u"transfers")
        return transfers(s);
    if (command.endsWith(QStringLiteral("-file")))
        return transferAction(s, command.section(QLatin1Char('-'), 0, 0));
    if (command == u"watch")
        return watch(s);
    if (command == u"groups")
        return groups(s);
    if (command == u"group")
        return group(s);
    if (command == u"delivery")
        return delivery(s);
    if (command == u"requests")
        return requests(s);
    if (command == u"accept" || command == u"ignore")
        return answerRequest(s, command);
    if (command == u"block")
        return block(s);
    if (command == u"settings")
        return settings(s);
    if (command == u"mailbox")
        return mailbox(s);
    if (command == u"devices")
        return devices(s);
    if (command == u"open-url")
        return simplePost(
            s, QStringLiteral("/api/v1/session/code"), {},
            [](const QJsonObject &reply) { return reply[QLatin1String("url")].toString(); });
    if (command == u"connect") {
        if (options.arguments.size() != 1)
            return s.fail(
                {Usage, QStringLiteral("usage: tincan ctl connect <host:port|invite link>")});
        return simplePost(s, QStringLiteral("/api/v1/peers"),
                          {{QStringLiteral("target"), options.arguments.first()}},
                          [](const QJsonObject &reply) {
                              return QStringLiteral("connecting to %1; 'tincan ctl peers' shows "
                                                    "when it is online")
                                  .arg(reply[QLatin1String("connecting")].toString());
                          });
    }
    if (command == u"scan")
        return simplePost(s, QStringLiteral("/api/v1/scan"), {}, [](const QJsonObject &) {
            return QStringLiteral("scanning the local subnets; peers found appear in 'tincan ctl "
                                  "peers'");
        });
    return simplePost(s, QStringLiteral("/api/v1/token/rotate"), {}, [](const QJsonObject &) {
        return QStringLiteral("token rotated: open web pages and WebSockets were closed; "
                              "'tincan ctl open-url' prints the new page URL");
    });
}

} // namespace Tincan::Ctl
