// `tincan ctl requests`, `accept`, `ignore` and `block`: answering strangers without a desktop.
#include "ctlformat.h"
#include "ctlsession.h"

#include <QUrl>

namespace Tincan::Ctl {

namespace {

// The conversation of <peer> (a peer, or a conversation id or title), or a failure.
std::optional<QString> conversationOf(const Session &s, const QString &text, Failure *failure)
{
    const auto peers = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, failure);
    if (!peers)
        return std::nullopt;
    return resolve(text, (*peers)[QLatin1String("peers")].toArray(), s.client, failure);
}

// The reply as JSON, or the line for people.
int printed(const Session &s, const std::optional<QJsonObject> &reply, const Failure &failure,
            const QString &line)
{
    if (!reply)
        return s.fail(failure);
    if (s.options.json)
        s.printJson(*reply);
    else
        s.out << line << "\n";
    return Ok;
}

QString path(const QString &collection, const QString &id, const QString &action = {})
{
    QString p = QStringLiteral("/api/v1/%1/%2")
                    .arg(collection, QString::fromLatin1(QUrl::toPercentEncoding(id)));
    if (!action.isEmpty())
        p += u'/' + action;
    return p;
}

} // namespace

int requests(const Session &s)
{
    if (!s.options.arguments.isEmpty())
        return s.fail({Usage, QStringLiteral("usage: tincan ctl requests")});
    Failure failure;
    const auto body = s.client.fetch("GET", QStringLiteral("/api/v1/conversations?filter=requests"),
                                     {}, &failure);
    if (!body)
        return s.fail(failure);
    if (s.options.json) {
        s.printJson(*body);
        return Ok;
    }
    const QJsonArray all = (*body)[QLatin1String("conversations")].toArray();
    for (const QJsonValue &value : all) {
        const QJsonObject c = value.toObject();
        s.out << c[QLatin1String("id")].toString().left(12) << "  "
              << c[QLatin1String("title")].toString() << "  "
              << Format::localTime(c[QLatin1String("lastActivity")]) << "  "
              << c[QLatin1String("preview")].toString().left(60) << "\n";
    }
    if (all.isEmpty())
        s.out << "no message requests\n";
    else
        s.out << "'tincan ctl accept <id>' makes one a contact; 'ignore' files it away\n";
    return Ok;
}

// accept | ignore <peer>: answers a message request.
int answerRequest(const Session &s, const QString &action)
{
    if (s.options.arguments.size() != 1)
        return s.fail({Usage, QStringLiteral("usage: tincan ctl %1 <peer>").arg(action)});
    Failure failure;
    const auto id = conversationOf(s, s.options.arguments.first(), &failure);
    const auto reply =
        id ? s.client.fetch("POST", path(QStringLiteral("conversations"), *id, action), {},
                            &failure)
           : std::nullopt;
    return printed(s, reply, failure,
                   reply
                       ? QString(id->left(12) + (action == u"accept" ? QStringLiteral(": accepted")
                                                                     : QStringLiteral(": ignored")))
                       : QString());
}

int block(const Session &s)
{
    if (s.options.arguments.size() != 1)
        return s.fail({Usage, QStringLiteral("usage: tincan ctl block <peer>")});
    Failure failure;
    const auto peers = s.client.fetch("GET", QStringLiteral("/api/v1/peers"), {}, &failure);
    const auto id =
        peers ? resolve(s.options.arguments.first(), (*peers)[QLatin1String("peers")].toArray(),
                        s.client, &failure, false)
              : std::nullopt;
    const auto reply =
        id ? s.client.fetch("PATCH", path(QStringLiteral("peers"), *id),
                            QJsonObject{{QStringLiteral("trust"), QStringLiteral("blocked")}},
                            &failure)
           : std::nullopt;
    return printed(s, reply, failure,
                   reply ? QStringLiteral("%1 (%2): blocked; nothing from this key is accepted "
                                          "any more")
                               .arg((*reply)[QLatin1String("displayName")].toString(), id->left(12))
                         : QString());
}

} // namespace Tincan::Ctl
