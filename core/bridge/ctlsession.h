#pragma once

#include "ctlclient.h"
#include "ctlcommands.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <optional>

// What the commands of `tincan ctl` share: the parsed options, the output streams and the client.
namespace Tincan::Ctl {

struct Session
{
    const Options &options;
    QTextStream &out;
    QTextStream &err;
    Client &client;

    int fail(const Failure &failure) const
    {
        err << "tincan ctl: " << failure.message << "\n";
        return failure.exitCode;
    }
    void printJson(const QJsonObject &object) const
    {
        out << QJsonDocument(object).toJson(QJsonDocument::Indented);
    }
};

// <peer>: an id, an unambiguous id prefix, or an unambiguous name or alias; with
// orConversation, else a conversation id or title (groups). The id, or a failure.
std::optional<QString> resolve(const QString &text, const QJsonArray &peers, Client &client,
                               Failure *failure, bool orConversation = true);

// ctlgroups.cpp: `groups`, `group <subcommand>` and `delivery`.
int groups(const Session &s);
int group(const Session &s);
int delivery(const Session &s);

// ctlrequests.cpp: `requests`, `accept` / `ignore` (a message request) and `block`.
int requests(const Session &s);
int answerRequest(const Session &s, const QString &action);
int block(const Session &s);

// ctlsettings.cpp: `settings [<key> [<value>]]`.
int settings(const Session &s);

// ctlmailbox.cpp: `mailbox [use <peer> | stop]`.
int mailbox(const Session &s);

// ctldevices.cpp: `devices [add | join CODE | confirm yes|no | cancel | revoke <device>]`.
int devices(const Session &s);

} // namespace Tincan::Ctl
