// `tincan ctl devices [add | join CODE | confirm yes|no | cancel | revoke <device>]`: this
// person's devices, and linking a new one from the terminal. add and join wait for the other
// device and ask whether both show the same number (with --json they print and return, and
// `devices confirm` answers).
#include "ctlsession.h"

#include <QDeadlineTimer>
#include <QThread>

#include <cstdio>
#include <unistd.h>

namespace Tincan::Ctl {

namespace Devices {
namespace {
const QString devicesPath = QStringLiteral("/api/v1/devices");
constexpr std::chrono::minutes WaitAtMost{16}; // a code's 10 minutes, then 5 to confirm

void print(const Session &s, const QJsonObject &status)
{
    s.out << "Account " << status[QLatin1String("account")].toString().left(12) << " (device list v"
          << status[QLatin1String("version")].toInteger() << ")";
    if (status[QLatin1String("revoked")].toBool())
        s.out << ": THIS DEVICE WAS REVOKED by another device of the account";
    s.out << "\n";
    for (const QJsonValue &value : status[QLatin1String("devices")].toArray()) {
        const QJsonObject device = value.toObject();
        s.out << "  " << device[QLatin1String("id")].toString().left(12) << "  "
              << device[QLatin1String("name")].toString()
              << (device[QLatin1String("thisDevice")].toBool() ? "  (this device)"
                  : device[QLatin1String("online")].toBool()   ? "  online"
                                                               : "  offline")
              << "\n";
    }
    const QJsonObject history = status[QLatin1String("history")].toObject();
    if (!history.isEmpty())
        s.out << "History from " << history[QLatin1String("from")].toString().left(12) << ": "
              << history[QLatin1String("received")].toInteger() << " of "
              << history[QLatin1String("total")].toInteger() << " messages"
              << (history[QLatin1String("done")].toBool() ? ", complete" : ", under way") << "\n";
}

QJsonObject linking(const QJsonObject &status)
{
    return status[QLatin1String("linking")].toObject();
}

// Waits while the linking is at one of stages; the status it reached, or nullopt on failure.
std::optional<QJsonObject> waitWhile(const Session &s, const QStringList &stages, Failure *failure)
{
    const QDeadlineTimer deadline(WaitAtMost);
    while (!deadline.hasExpired()) {
        auto status = s.client.fetch("GET", devicesPath, {}, failure);
        if (!status || !stages.contains(linking(*status)[QLatin1String("stage")].toString()))
            return status;
        QThread::msleep(300);
    }
    *failure = {Failed, QStringLiteral("gave up waiting for the other device")};
    return std::nullopt;
}

// From "confirm" to the end: asks the user, answers, and says how it ended.
int finish(const Session &s, QJsonObject status)
{
    Failure failure;
    QJsonObject state = linking(status);
    if (state[QLatin1String("stage")].toString() == u"confirm") {
        s.out << "The other device is " << state[QLatin1String("deviceName")].toString() << " ("
              << state[QLatin1String("device")].toString().left(12) << ").\n"
              << "Does it show " << state[QLatin1String("confirmation")].toString() << "? [y/N] "
              << Qt::flush;
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        if (!isatty(fileno(stdin))) // the terminal did not echo it
            s.out << answer << "\n";
        const bool accept = answer == u"y" || answer == u"yes";
        if (!s.client.fetch("POST", devicesPath + QStringLiteral("/link/confirm"),
                            QJsonObject{{QStringLiteral("accept"), accept}}, &failure))
            return s.fail(failure);
        const auto done = waitWhile(s, {QStringLiteral("confirm")}, &failure);
        if (!done)
            return s.fail(failure);
        status = *done;
        state = linking(status);
    }
    if (state[QLatin1String("stage")].toString() != u"done")
        return s.fail(
            {Failed,
             QStringLiteral("linking failed: %1").arg(state[QLatin1String("error")].toString())});
    s.out << "Linked.\n";
    print(s, status);
    return Ok;
}

std::optional<QString> deviceId(const Session &s, const QString &text, Failure *failure)
{
    const auto status = s.client.fetch("GET", devicesPath, {}, failure);
    if (!status)
        return std::nullopt;
    QStringList matches;
    for (const QJsonValue &value : (*status)[QLatin1String("devices")].toArray()) {
        const QString id = value.toObject()[QLatin1String("id")].toString();
        if (id.startsWith(text.toLower()) ||
            value.toObject()[QLatin1String("name")].toString() == text)
            matches << id;
    }
    if (matches.size() != 1) {
        *failure = {NotFound,
                    matches.isEmpty()
                        ? QStringLiteral("no device of this account matches '%1'").arg(text)
                        : QStringLiteral("'%1' matches several devices").arg(text)};
        return std::nullopt;
    }
    return matches.first();
}

} // namespace
} // namespace Devices

int devices(const Session &s)
{
    using namespace Devices;
    const QStringList &args = s.options.arguments;
    const QString sub = args.value(0);
    Failure failure;
    std::optional<QJsonObject> status;
    if (args.isEmpty()) {
        status = s.client.fetch("GET", devicesPath, {}, &failure);
    } else if (sub == u"add" && args.size() == 1) {
        status =
            s.client.fetch("POST", devicesPath + QStringLiteral("/link"), QJsonObject{}, &failure);
        if (status && !s.options.json) {
            s.out << "On the new device (a new profile), enter this code within 10 minutes:\n\n  "
                  << linking(*status)[QLatin1String("code")].toString()
                  << "\n\n(tincan ctl devices join CODE, or the first-start screen)\n"
                  << "Waiting for the new device...\n"
                  << Qt::flush;
            status = waitWhile(s, {QStringLiteral("waiting")}, &failure);
            return status ? finish(s, *status) : s.fail(failure);
        }
    } else if (sub == u"join" && args.size() == 2) {
        status = s.client.fetch("POST", devicesPath + QStringLiteral("/join"),
                                QJsonObject{{QStringLiteral("code"), args.at(1)}}, &failure);
        if (status && !s.options.json) {
            s.out << "Reaching the other device...\n" << Qt::flush;
            status = waitWhile(s, {QStringLiteral("connecting")}, &failure);
            return status ? finish(s, *status) : s.fail(failure);
        }
    } else if (sub == u"confirm" && args.size() == 2 &&
               (args.at(1) == u"yes" || args.at(1) == u"no")) {
        status =
            s.client.fetch("POST", devicesPath + QStringLiteral("/link/confirm"),
                           QJsonObject{{QStringLiteral("accept"), args.at(1) == u"yes"}}, &failure);
    } else if (sub == u"cancel" && args.size() == 1) {
        status = s.client.fetch("DELETE", devicesPath + QStringLiteral("/link"), {}, &failure);
    } else if (sub == u"revoke" && args.size() == 2) {
        const auto id = deviceId(s, args.at(1), &failure);
        if (id)
            status = s.client.fetch("POST", devicesPath + u'/' + *id + QStringLiteral("/revoke"),
                                    QJsonObject{}, &failure);
    } else {
        return s.fail({Usage, QStringLiteral("usage: tincan ctl devices [add | join CODE | "
                                             "confirm yes|no | cancel | revoke <device>]")});
    }
    if (!status)
        return s.fail(failure);
    if (s.options.json)
        s.printJson(*status);
    else
        print(s, *status);
    return Ok;
}

} // namespace Tincan::Ctl
