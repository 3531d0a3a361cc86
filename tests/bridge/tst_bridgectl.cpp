// `tincan ctl` against real headless nodes (separate processes, in a private network
// namespace): a message sent with `ctl send` on one is read back with `ctl history` on the
// other, plus watch, rotate-token, open-url and the errors a user meets.
#include "bridge/bridgetoken.h"
#include "nodeprocess.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr int Timeout = 30000;

struct CtlResult
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

CtlResult ctl(const QString &profile, const QStringList &args)
{
    QProcess process;
    process.start(QStringLiteral(TINCAN_BINARY),
                  QStringList{QStringLiteral("ctl"), QStringLiteral("--profile"), profile} + args);
    CtlResult result;
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QStringList nodeArgs(const QString &name, bool bridge = true)
{
    QStringList args{QStringLiteral("--name"), name, QStringLiteral("--no-discovery")};
    if (bridge)
        args << QStringLiteral("--bridge") << QStringLiteral("0");
    return args;
}

bool peerOnline(const QString &profile, const QString &name)
{
    const auto peers = ctl(profile, {QStringLiteral("--json"), QStringLiteral("peers")}).json();
    for (const QJsonValue &peer : peers.value(QStringLiteral("peers")).toArray()) {
        if (peer[QStringLiteral("name")].toString() == name &&
            peer[QStringLiteral("online")].toBool())
            return true;
    }
    return false;
}
} // namespace

class TestBridgeCtl : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<NodeProcess> m_alice, m_bob;

    QString profile(const QString &name) const { return m_tmp.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        m_alice = std::make_unique<NodeProcess>(profile(QStringLiteral("alice")));
        m_bob = std::make_unique<NodeProcess>(profile(QStringLiteral("bob")));
        // Bob saves received files in the test's folder, never in a real ~/Downloads.
        QVERIFY(QDir().mkpath(profile(QStringLiteral("bob"))));
        QFile::setPermissions(profile(QStringLiteral("bob")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile settings(
            QDir(profile(QStringLiteral("bob"))).filePath(QStringLiteral("settings.json")));
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write(QJsonDocument(QJsonObject{{QStringLiteral("downloadDir"),
                                                  m_tmp.filePath(QStringLiteral("downloads"))}})
                           .toJson());
        settings.close();
        m_alice->start(nodeArgs(QStringLiteral("Alice")));
        m_bob->start(nodeArgs(QStringLiteral("Bob")));
        QVERIFY2(m_alice->waitUntilReady(10000), qPrintable(m_alice->output()));
        QVERIFY2(m_bob->waitUntilReady(10000), qPrintable(m_bob->output()));
        QVERIFY(
            m_alice->nodeInfo().value(QStringLiteral("bridge"))[QStringLiteral("port")].toInt() >
            0);
        QVERIFY2(m_alice->output().contains(QStringLiteral("web page: http://127.0.0.1:")),
                 qPrintable(m_alice->output()));
        // The log names the page, never the token that opens it.
        QFile token(
            QDir(profile(QStringLiteral("alice"))).filePath(QStringLiteral("bridge.token")));
        QVERIFY(token.open(QIODevice::ReadOnly));
        const QByteArray secret = token.readAll().trimmed();
        QVERIFY(secret.size() >= 32);
        QVERIFY2(!m_alice->output().toUtf8().contains(secret), qPrintable(m_alice->output()));
    }

    void cleanupTestCase()
    {
        for (NodeProcess *node : {m_alice.get(), m_bob.get()}) {
            node->terminate();
            node->waitForExit(5000);
        }
    }

    void sendOnOneHistoryOnTheOther()
    {
        const auto connect =
            ctl(profile(QStringLiteral("alice")),
                {QStringLiteral("connect"), QStringLiteral("127.0.0.1:%1").arg(m_bob->port())});
        QVERIFY2(connect.exitCode == 0, qPrintable(connect.err));
        QVERIFY(connect.out.contains(QStringLiteral("connecting to")));
        QTRY_VERIFY_WITH_TIMEOUT(
            peerOnline(profile(QStringLiteral("alice")), QStringLiteral("Bob")), Timeout);

        const auto sent = ctl(profile(QStringLiteral("alice")),
                              {QStringLiteral("send"), QStringLiteral("bob"),
                               QStringLiteral("hello"), QStringLiteral("from ctl")});
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        QVERIFY2(sent.out.startsWith(QStringLiteral("sent ")), qPrintable(sent.out));

        const auto history = [&] {
            return ctl(profile(QStringLiteral("bob")),
                       {QStringLiteral("history"), QStringLiteral("Alice")})
                .out;
        };
        QTRY_VERIFY_WITH_TIMEOUT(history().contains(QStringLiteral("] Alice: hello from ctl")),
                                 Timeout);
        const auto json = ctl(profile(QStringLiteral("bob")),
                              {QStringLiteral("--json"), QStringLiteral("history"),
                               QStringLiteral("alice"), QStringLiteral("-n"), QStringLiteral("5")})
                              .json();
        const QJsonObject message = json[QStringLiteral("messages")][0].toObject();
        QCOMPARE(message[QStringLiteral("text")].toString(), QStringLiteral("hello from ctl"));
        QVERIFY(!message[QStringLiteral("outgoing")].toBool());
        // The sender sees it delivered.
        QTRY_VERIFY_WITH_TIMEOUT(
            ctl(profile(QStringLiteral("alice")),
                {QStringLiteral("history"), QStringLiteral("Bob")})
                .out.contains(QStringLiteral("you: hello from ctl  (delivered)")),
            Timeout);
        const auto peers = ctl(profile(QStringLiteral("bob")), {QStringLiteral("peers")});
        QVERIFY2(peers.out.startsWith(QStringLiteral("online  Alice")), qPrintable(peers.out));
        QVERIFY2(peers.out.section(u'\n', 0, 0).endsWith(QStringLiteral(" lan")),
                 qPrintable(peers.out)); // how the link runs: both on this machine
    }

    // Alice is not Bob's contact yet (her message opened a request), so Bob is asked first.
    void sendFileAcceptAndListTransfers()
    {
        const QString alice = profile(QStringLiteral("alice"));
        const QString bob = profile(QStringLiteral("bob"));
        const QString source = m_tmp.filePath(QStringLiteral("notes.txt"));
        QFile file(source);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("meeting notes\n");
        file.close();
        const auto sent = ctl(alice, {QStringLiteral("send-file"), QStringLiteral("Bob"), source});
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        QVERIFY2(sent.out.startsWith(QStringLiteral("offered notes.txt as transfer ")),
                 qPrintable(sent.out));
        const QString id = sent.out.section(QLatin1Char(' '), 4, 4).remove(QLatin1Char(';'));
        QTRY_VERIFY_WITH_TIMEOUT(
            ctl(bob, {QStringLiteral("transfers")}).out.contains(QStringLiteral("in  ask")),
            Timeout);
        const auto accepted = ctl(bob, {QStringLiteral("accept-file"), id});
        QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.err + accepted.out));
        QTRY_VERIFY_WITH_TIMEOUT(ctl(alice, {QStringLiteral("transfers")})
                                     .out.contains(QStringLiteral("out completed 100%")),
                                 Timeout);
        const auto listed =
            ctl(bob, {QStringLiteral("--json"), QStringLiteral("transfers")}).json();
        const QJsonObject transfer = listed[QStringLiteral("transfers")][0].toObject();
        QCOMPARE(transfer[QStringLiteral("state")].toString(), QStringLiteral("completed"));
        QCOMPARE(transfer[QStringLiteral("name")].toString(), QStringLiteral("notes.txt"));
        QFile saved(m_tmp.filePath(QStringLiteral("downloads/notes.txt")));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), QByteArray("meeting notes\n"));
        QCOMPARE(ctl(bob, {QStringLiteral("accept-file"), id}).exitCode, 1); // nothing to answer
        QCOMPARE(ctl(alice, {QStringLiteral("send-file"), QStringLiteral("Bob"),
                             m_tmp.filePath(QStringLiteral("missing"))})
                     .exitCode,
                 1);
    }

    // Bob answers Alice's message request without a desktop: listed, accepted, gone.
    void requestsAreAnsweredFromTheCommandLine()
    {
        const QString bob = profile(QStringLiteral("bob"));
        const auto listed = ctl(bob, {QStringLiteral("requests")});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        QVERIFY2(listed.out.contains(QStringLiteral("Alice")), qPrintable(listed.out));
        const auto json = ctl(bob, {QStringLiteral("requests"), QStringLiteral("--json")}).json();
        QCOMPARE(json[QStringLiteral("conversations")].toArray().size(), 1);
        const auto accepted = ctl(bob, {QStringLiteral("accept"), QStringLiteral("alice")});
        QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.err));
        QVERIFY2(accepted.out.contains(QStringLiteral("accepted")), qPrintable(accepted.out));
        QCOMPARE(ctl(bob, {QStringLiteral("requests")}).out,
                 QStringLiteral("no message requests\n"));
        QCOMPARE(ctl(bob, {QStringLiteral("accept")}).exitCode, 2);
        QCOMPARE(ctl(bob, {QStringLiteral("ignore"), QStringLiteral("Nobody")}).exitCode, 4);
    }

    // The settings of the one schema, read and changed without a desktop.
    void settingsAreShownAndChanged()
    {
        const QString alice = profile(QStringLiteral("alice"));
        const auto all = ctl(alice, {QStringLiteral("settings")});
        QCOMPARE(all.exitCode, 0);
        QVERIFY2(all.out.contains(QRegularExpression(QStringLiteral("(^|\\n)retentionDays +0\\n"))),
                 qPrintable(all.out));
        QVERIFY(!all.out.contains(QStringLiteral("windows"))); // the desktop's own

        QCOMPARE(ctl(alice, {QStringLiteral("settings"), QStringLiteral("acceptEveryone"),
                             QStringLiteral("on")})
                     .out,
                 QStringLiteral("true\n"));
        QCOMPARE(ctl(alice, {QStringLiteral("settings"), QStringLiteral("acceptEveryone")}).out,
                 QStringLiteral("true\n"));
        QCOMPARE(ctl(alice, {QStringLiteral("--json"), QStringLiteral("settings"),
                             QStringLiteral("acceptEveryone"), QStringLiteral("off")})
                     .json()
                     .value(QStringLiteral("acceptEveryone")),
                 QJsonValue(false));

        // What the schema refuses is refused with its words, and nothing changes.
        const auto range = ctl(alice, {QStringLiteral("settings"), QStringLiteral("retentionDays"),
                                       QStringLiteral("40000")});
        QCOMPARE(range.exitCode, 1);
        QVERIFY2(
            range.err.contains(QStringLiteral("'retentionDays' must be a whole number from 0")),
            qPrintable(range.err));
        const auto word = ctl(alice, {QStringLiteral("settings"), QStringLiteral("readReceipts"),
                                      QStringLiteral("maybe")});
        QCOMPARE(word.exitCode, 2);
        QVERIFY2(word.err.contains(QStringLiteral("'readReceipts' must be true or false")),
                 qPrintable(word.err));
        const auto unknown = ctl(alice, {QStringLiteral("settings"), QStringLiteral("windows")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains(QStringLiteral("no setting 'windows'")));
        QCOMPARE(ctl(alice, {QStringLiteral("settings"), QStringLiteral("retentionDays")}).out,
                 QStringLiteral("0\n"));
    }

    // Global options before or after the command; unknown options are refused, not ignored.
    void optionsAnywhereAndUnknownOnesRefused()
    {
        const QString alice = profile(QStringLiteral("alice"));
        const auto bogus = ctl(alice, {QStringLiteral("peers"), QStringLiteral("--bogus")});
        QCOMPARE(bogus.exitCode, 2);
        QVERIFY2(bogus.err.contains(QStringLiteral("unknown option --bogus")),
                 qPrintable(bogus.err));
        QVERIFY2(bogus.err.contains(QStringLiteral("Usage: tincan ctl")), qPrintable(bogus.err));
        QVERIFY(bogus.out.isEmpty());
        QCOMPARE(ctl(alice, {QStringLiteral("-x"), QStringLiteral("peers")}).exitCode, 2);

        const auto jsonAfter = ctl(alice, {QStringLiteral("peers"), QStringLiteral("--json")});
        QCOMPARE(jsonAfter.exitCode, 0);
        QVERIFY2(jsonAfter.json()[QStringLiteral("peers")].isArray(), qPrintable(jsonAfter.out));

        // --profile after the command, and no --profile before it.
        QProcess process;
        process.start(QStringLiteral(TINCAN_BINARY),
                      {QStringLiteral("ctl"), QStringLiteral("peers"), QStringLiteral("--json"),
                       QStringLiteral("--profile"), alice});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(QJsonDocument::fromJson(process.readAllStandardOutput())
                    .object()[QStringLiteral("peers")]
                    .isArray());

        // After --, a word that starts with '-' is text; a command's own -n still works.
        const auto sent =
            ctl(alice, {QStringLiteral("send"), QStringLiteral("Bob"), QStringLiteral("--"),
                        QStringLiteral("-5"), QStringLiteral("degrees")});
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        QTRY_VERIFY_WITH_TIMEOUT(ctl(alice, {QStringLiteral("history"), QStringLiteral("Bob"),
                                             QStringLiteral("-n"), QStringLiteral("1")})
                                     .out.contains(QStringLiteral("you: -5 degrees")),
                                 Timeout);
    }

    void watchPrintsEventsAsTheyHappen()
    {
        QProcess watch;
        watch.start(QStringLiteral(TINCAN_BINARY),
                    {QStringLiteral("ctl"), QStringLiteral("--profile"),
                     profile(QStringLiteral("bob")), QStringLiteral("watch")});
        QString seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += QString::fromUtf8(watch.readAllStandardOutput()))
                                     .contains(QStringLiteral("connected to Bob")),
                                 Timeout);
        QCOMPARE(ctl(profile(QStringLiteral("alice")),
                     {QStringLiteral("send"), QStringLiteral("Bob"), QStringLiteral("live")})
                     .exitCode,
                 0);
        QTRY_VERIFY_WITH_TIMEOUT((seen += QString::fromUtf8(watch.readAllStandardOutput()))
                                     .contains(QStringLiteral("Alice: live")),
                                 Timeout);
        watch.kill();
        watch.waitForFinished();
    }

    void groupCommands()
    {
        // Runs after sendOnOneHistoryOnTheOther: Alice and Bob are connected.
        const QString alice = profile(QStringLiteral("alice"));
        const QString bob = profile(QStringLiteral("bob"));
        const auto run = [](const QString &p, const QStringList &args) { return ctl(p, args); };
        const auto created = run(alice, {QStringLiteral("group"), QStringLiteral("create"),
                                         QStringLiteral("Friday"), QStringLiteral("bob")});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        QVERIFY2(created.out.startsWith(QStringLiteral("created\nFriday")),
                 qPrintable(created.out));
        QVERIFY(created.out.contains(QStringLiteral("Bob")));
        // Bob has it too, as a member.
        QTRY_VERIFY_WITH_TIMEOUT(
            run(bob, {QStringLiteral("groups")})
                .out.contains(QRegularExpression(QStringLiteral("^Friday +2 members +member "),
                                                 QRegularExpression::MultilineOption)),
            Timeout);
        QCOMPARE(
            run(alice, {QStringLiteral("send"), QStringLiteral("friday"), QStringLiteral("pizza?")})
                .exitCode,
            0);
        QTRY_VERIFY_WITH_TIMEOUT(run(bob, {QStringLiteral("history"), QStringLiteral("Friday")})
                                     .out.contains(QStringLiteral("Alice: pizza?")),
                                 Timeout);
        // Only the creator and admins rename; Bob is neither yet.
        const auto refused = run(bob, {QStringLiteral("group"), QStringLiteral("rename"),
                                       QStringLiteral("Friday"), QStringLiteral("Mine")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("not allowed")), qPrintable(refused.err));
        QCOMPARE(run(alice, {QStringLiteral("group"), QStringLiteral("promote"),
                             QStringLiteral("Friday"), QStringLiteral("Bob")})
                     .exitCode,
                 0);
        // Bob learns of his promotion asynchronously: he retries until it arrived. QTRY
        // evaluates its condition again after a success, hence the flag (a rename is no query).
        CtlResult renamed;
        bool done = false;
        QTRY_VERIFY2_WITH_TIMEOUT(
            done ||
                (done = (renamed = run(bob, {QStringLiteral("group"), QStringLiteral("rename"),
                                             QStringLiteral("Friday"), QStringLiteral("Weekend"),
                                             QStringLiteral("plans")}))
                            .exitCode == 0),
            qPrintable(QStringLiteral("%1: %2").arg(renamed.exitCode).arg(renamed.err)), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(
            run(alice, {QStringLiteral("--json"), QStringLiteral("group"), QStringLiteral("info"),
                        QStringLiteral("weekend plans")})
                    .json()
                    .value(QStringLiteral("members"))[1][QStringLiteral("role")]
                    .toString() == u"admin",
            Timeout);
        // The group's history has the membership lines.
        const auto history =
            run(alice, {QStringLiteral("history"), QStringLiteral("Weekend plans")}).out;
        QVERIFY2(history.contains(QStringLiteral("Bob renamed the group")), qPrintable(history));

        const auto info = run(alice, {QStringLiteral("--json"), QStringLiteral("history"),
                                      QStringLiteral("Weekend plans"), QStringLiteral("-n"),
                                      QStringLiteral("50")})
                              .json();
        QString uuid;
        for (const QJsonValue &m : info[QStringLiteral("messages")].toArray()) {
            if (m[QStringLiteral("text")].toString() == u"pizza?")
                uuid = m[QStringLiteral("uuid")].toString();
        }
        QVERIFY(!uuid.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(run(alice, {QStringLiteral("delivery"), uuid})
                                     .out.startsWith(QStringLiteral("delivered to 1 of 1")),
                                 Timeout);

        // Bob leaves; Alice sees one member left; an unknown group and bad usage are clear.
        const auto left = run(bob, {QStringLiteral("group"), QStringLiteral("leave"),
                                    QStringLiteral("Weekend plans")});
        QVERIFY2(left.exitCode == 0, qPrintable(left.err));
        QTRY_VERIFY_WITH_TIMEOUT(run(alice, {QStringLiteral("groups")})
                                     .out.contains(QRegularExpression(
                                         QStringLiteral("^Weekend plans +1 member +creator "),
                                         QRegularExpression::MultilineOption)),
                                 Timeout);
        const auto unknown =
            run(alice, {QStringLiteral("group"), QStringLiteral("info"), QStringLiteral("Nope")});
        QCOMPARE(unknown.exitCode, 4);
        QVERIFY(unknown.err.contains(QStringLiteral("no group matches 'Nope'")));
        QCOMPARE(run(alice, {QStringLiteral("group"), QStringLiteral("add"),
                             QStringLiteral("Weekend plans")})
                     .exitCode,
                 2);
        QCOMPARE(run(alice, {QStringLiteral("group"), QStringLiteral("create"), QStringLiteral("X"),
                             QStringLiteral("Nobody")})
                     .exitCode,
                 4);
    }

    void rotateTokenAndOpenUrl()
    {
        const QString alice = profile(QStringLiteral("alice"));
        // A one-time link: a code in the fragment, never the token (docs/api.md).
        QString error;
        const auto token = Tincan::BridgeToken::read(alice, &error);
        QVERIFY2(token, qPrintable(error));
        const QString before = ctl(alice, {QStringLiteral("open-url")}).out.trimmed();
        QVERIFY2(before.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(before));
        QVERIFY(before.contains(QStringLiteral("/#code=")));
        QVERIFY(!before.contains(QString::fromLatin1(*token)));
        const auto rotated = ctl(alice, {QStringLiteral("rotate-token")});
        QVERIFY2(rotated.exitCode == 0, qPrintable(rotated.err));
        const QString after = ctl(alice, {QStringLiteral("open-url")}).out.trimmed();
        QVERIFY(after.contains(QStringLiteral("/#code=")) && after != before);
        QCOMPARE(ctl(alice, {QStringLiteral("peers")}).exitCode, 0); // ctl reads the new token
    }

    // Last: afterwards nothing from Alice reaches Bob.
    void blockFromTheCommandLine()
    {
        const QString bob = profile(QStringLiteral("bob"));
        const auto blocked = ctl(bob, {QStringLiteral("block"), QStringLiteral("Alice")});
        QVERIFY2(blocked.exitCode == 0, qPrintable(blocked.err));
        QVERIFY2(blocked.out.contains(QStringLiteral("blocked")), qPrintable(blocked.out));
        QTRY_VERIFY_WITH_TIMEOUT(!peerOnline(bob, QStringLiteral("Alice")), Timeout);
        const auto peers = ctl(bob, {QStringLiteral("--json"), QStringLiteral("peers")}).json();
        bool found = false;
        for (const QJsonValue &peer : peers[QStringLiteral("peers")].toArray()) {
            if (peer[QStringLiteral("name")].toString() == u"Alice") {
                QCOMPARE(peer[QStringLiteral("trust")].toString(), QStringLiteral("blocked"));
                found = true;
            }
        }
        QVERIFY(found);
    }

    void clearErrors()
    {
        const QString alice = profile(QStringLiteral("alice"));
        const auto nobody = ctl(m_tmp.filePath(QStringLiteral("empty")), {QStringLiteral("peers")});
        QCOMPARE(nobody.exitCode, 3);
        QVERIFY2(nobody.err.contains(QStringLiteral("no running node for this profile")),
                 qPrintable(nobody.err));

        NodeProcess plain(profile(QStringLiteral("plain")));
        plain.start(nodeArgs(QStringLiteral("Plain"), false));
        QVERIFY(plain.waitUntilReady(10000));
        const auto noBridge = ctl(profile(QStringLiteral("plain")), {QStringLiteral("peers")});
        QCOMPARE(noBridge.exitCode, 3);
        QVERIFY2(
            noBridge.err.contains(QStringLiteral("without the bridge; start it with --bridge 0")),
            qPrintable(noBridge.err));
        // Killed without cleaning up: node.json stays, but names a process that is gone.
        plain.kill();
        QVERIFY(plain.waitForExit(5000));
        QVERIFY(ctl(profile(QStringLiteral("plain")), {QStringLiteral("peers")})
                    .err.contains(QStringLiteral("no running node")));

        const auto unknown =
            ctl(alice, {QStringLiteral("send"), QStringLiteral("Carol"), QStringLiteral("hi")});
        QCOMPARE(unknown.exitCode, 4);
        QVERIFY(unknown.err.contains(QStringLiteral("no peer or conversation matches 'Carol'")));
        QCOMPARE(ctl(alice, {QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(ctl(alice, {QStringLiteral("send"), QStringLiteral("Bob")}).exitCode, 2);
        QCOMPARE(ctl(alice, {QStringLiteral("history"), QStringLiteral("Bob"), QStringLiteral("-n"),
                             QStringLiteral("x")})
                     .exitCode,
                 2);
        const auto badTarget = ctl(alice, {QStringLiteral("connect"), QStringLiteral("nowhere")});
        QCOMPARE(badTarget.exitCode, 1);
        QVERIFY(!badTarget.err.isEmpty());
        // These nodes run without discovery: scan says so.
        const auto scan = ctl(alice, {QStringLiteral("scan")});
        QCOMPARE(scan.exitCode, 1);
        QVERIFY2(scan.err.contains(QStringLiteral("discovery is off")), qPrintable(scan.err));
    }
};

QTEST_GUILESS_MAIN(TestBridgeCtl)
#include "tst_bridgectl.moc"
