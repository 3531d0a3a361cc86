#include "config/commandline.h"

#include <QDir>
#include <QTest>

using namespace Tincan;

class TestCommandLine : public QObject
{
    Q_OBJECT

private:
    static ParseResult parse(QStringList args)
    {
        args.prepend(QStringLiteral("tincan"));
        return parseCommandLine(args);
    }

private Q_SLOTS:
    void defaults()
    {
        const ParseResult r = parse({});
        QCOMPARE(r.action, ParseResult::Action::Run);
        QCOMPARE(r.options.port, quint16(0));
        QVERIFY(!r.options.headless);
        QVERIFY(!r.options.name);
        QCOMPARE(r.options.profileDir, defaultProfileDir());
        QVERIFY(r.options.discovery);
        QCOMPARE(r.options.discoveryPort, DefaultDiscoveryPort);
    }

    // The suite sets TINCAN_KEY_STORAGE=file for every test (tests/ctest-environment.cmake), so
    // that no node touches the keyring of the user running it; without it the default is the
    // keyring.
    void keyStorage()
    {
        QVERIFY2(qEnvironmentVariable("TINCAN_KEY_STORAGE") == QLatin1String("file"),
                 "ctest sets TINCAN_KEY_STORAGE=file (tests/ctest-environment.cmake)");
        QCOMPARE(parse({}).options.keyStorage, KeyStorage::File);
        const QByteArray saved = qgetenv("TINCAN_KEY_STORAGE");
        qunsetenv("TINCAN_KEY_STORAGE");
        const ParseResult byDefault = parse({});
        const ParseResult file = parse({QStringLiteral("--key-storage=file")});
        const ParseResult wrong = parse({QStringLiteral("--key-storage=vault")});
        qputenv("TINCAN_KEY_STORAGE", "keyring");
        const ParseResult fromEnvironment = parse({});
        const ParseResult optionWins =
            parse({QStringLiteral("--key-storage"), QStringLiteral("file")});
        qputenv("TINCAN_KEY_STORAGE", saved);
        QCOMPARE(byDefault.options.keyStorage, KeyStorage::Keyring);
        QCOMPARE(file.action, ParseResult::Action::Run);
        QCOMPARE(file.options.keyStorage, KeyStorage::File);
        QCOMPARE(wrong.action, ParseResult::Action::Error);
        QVERIFY2(wrong.text.contains(QLatin1String("'keyring' or 'file'")), qPrintable(wrong.text));
        QCOMPARE(fromEnvironment.options.keyStorage, KeyStorage::Keyring);
        QCOMPARE(optionWins.options.keyStorage, KeyStorage::File);
    }

    void discoveryOptions()
    {
        const ParseResult r = parse({QStringLiteral("--no-discovery"),
                                     QStringLiteral("--discovery-port"), QStringLiteral("50000")});
        QCOMPARE(r.action, ParseResult::Action::Run);
        QVERIFY(!r.options.discovery);
        QCOMPARE(r.options.discoveryPort, quint16(50000));
    }

    void bridgeOption()
    {
        QVERIFY(!parse({}).options.bridgePort); // off unless asked for
        QCOMPARE(parse({QStringLiteral("--bridge"), QStringLiteral("0")}).options.bridgePort,
                 std::optional<quint16>(0));
        QCOMPARE(parse({QStringLiteral("--bridge"), QStringLiteral("8765")}).options.bridgePort,
                 std::optional<quint16>(8765));
    }

    void internetOptions()
    {
        QVERIFY(!parse({}).options.internet); // off unless asked for
        const ParseResult r = parse({QStringLiteral("--internet"), QStringLiteral("--stun"),
                                     QStringLiteral("192.0.2.1:3478"), QStringLiteral("--stun"),
                                     QStringLiteral("[2001:db8::1]:3479"), QStringLiteral("--stun"),
                                     QStringLiteral("stun.example.org"), QStringLiteral("--turn"),
                                     QStringLiteral("turn://ann:pw@192.0.2.1:3478?transport=tcp")});
        QCOMPARE(r.action, ParseResult::Action::Run);
        QVERIFY(r.options.internet);
        QCOMPARE(r.options.ice.stun.size(), 3);
        QCOMPARE(r.options.ice.stun.at(1).port, quint16(3479));
        QCOMPARE(r.options.ice.stun.at(2).host,
                 QStringLiteral("stun.example.org")); // resolved later
        QVERIFY(r.options.ice.stun.at(2).address.isNull());
        QCOMPARE(r.options.ice.turn.size(), 1);
        QVERIFY(r.options.ice.turn.first().tcp);
        QVERIFY(!r.options.dhtBootstrap); // the settings' (Jami's by default)
        const ParseResult dht =
            parse({QStringLiteral("--internet"), QStringLiteral("--dht-bootstrap"),
                   QStringLiteral("203.0.113.1:4222"), QStringLiteral("--dht-bootstrap"),
                   QStringLiteral("dht.example.org")});
        QCOMPARE(dht.action, ParseResult::Action::Run);
        QCOMPARE(dht.options.dhtBootstrap->size(), 2);
        QCOMPARE(dht.options.dhtBootstrap->at(1).port, quint16(4222));
        const ParseResult none = parse({QStringLiteral("--internet"),
                                        QStringLiteral("--dht-bootstrap"), QStringLiteral("none")});
        QVERIFY(none.options.dhtBootstrap && none.options.dhtBootstrap->isEmpty());
    }

    void allOptions()
    {
        const ParseResult r =
            parse({QStringLiteral("--profile"), QStringLiteral("/tmp/p1"), QStringLiteral("--name"),
                   QStringLiteral("  Ada  "), QStringLiteral("--port"), QStringLiteral("4711"),
                   QStringLiteral("--headless"), QStringLiteral("--verbose")});
        QCOMPARE(r.action, ParseResult::Action::Run);
        QCOMPARE(r.options.profileDir, QStringLiteral("/tmp/p1"));
        QCOMPARE(r.options.name.value_or(QString()), QStringLiteral("Ada"));
        QCOMPARE(r.options.port, quint16(4711));
        QVERIFY(r.options.headless);
        QVERIFY(r.options.verbose);
    }

    void relativeProfileBecomesAbsolute()
    {
        const ParseResult r = parse({QStringLiteral("--profile"), QStringLiteral("some/dir/../p")});
        QCOMPARE(r.options.profileDir, QDir::current().absoluteFilePath(QStringLiteral("some/p")));
    }

    void invalid_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("port not a number")
            << QStringList{QStringLiteral("--port"), QStringLiteral("x")}
            << QStringLiteral("--port");
        QTest::newRow("port too large")
            << QStringList{QStringLiteral("--port"), QStringLiteral("65536")}
            << QStringLiteral("65535");
        QTest::newRow("negative port")
            << QStringList{QStringLiteral("--port"), QStringLiteral("-1")}
            << QStringLiteral("--port");
        QTest::newRow("discovery port not a number")
            << QStringList{QStringLiteral("--discovery-port"), QStringLiteral("x")}
            << QStringLiteral("--discovery-port");
        QTest::newRow("discovery port too large")
            << QStringList{QStringLiteral("--discovery-port"), QStringLiteral("65536")}
            << QStringLiteral("65535");
        QTest::newRow("discovery port zero")
            << QStringList{QStringLiteral("--discovery-port"), QStringLiteral("0")}
            << QStringLiteral("--discovery-port");
        QTest::newRow("bridge port not a number")
            << QStringList{QStringLiteral("--bridge"), QStringLiteral("on")}
            << QStringLiteral("--bridge");
        QTest::newRow("bridge port too large")
            << QStringList{QStringLiteral("--bridge"), QStringLiteral("70000")}
            << QStringLiteral("65535");
        QTest::newRow("stun without internet")
            << QStringList{QStringLiteral("--stun"), QStringLiteral("192.0.2.1:3478")}
            << QStringLiteral("only with --internet");
        QTest::newRow("dht bootstrap without internet")
            << QStringList{QStringLiteral("--dht-bootstrap"), QStringLiteral("203.0.113.1:4222")}
            << QStringLiteral("only with --internet");
        QTest::newRow("dht bootstrap with a bad port")
            << QStringList{QStringLiteral("--internet"), QStringLiteral("--dht-bootstrap"),
                           QStringLiteral("dht.example.org:0")}
            << QStringLiteral("Invalid --dht-bootstrap");
        QTest::newRow("stun by a name that is not one")
            << QStringList{QStringLiteral("--internet"), QStringLiteral("--stun"),
                           QStringLiteral("stun_1.example.org:3478")}
            << QStringLiteral("Invalid --stun");
        QTest::newRow("turn without password")
            << QStringList{QStringLiteral("--internet"), QStringLiteral("--turn"),
                           QStringLiteral("turn://ann@192.0.2.1:3478")}
            << QStringLiteral("Invalid --turn");
        QTest::newRow("empty name") << QStringList{QStringLiteral("--name"), QStringLiteral("  ")}
                                    << QStringLiteral("name");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("missing value")
            << QStringList{QStringLiteral("--profile")} << QStringLiteral("profile");
        QTest::newRow("stray argument")
            << QStringList{QStringLiteral("hello")} << QStringLiteral("hello");
    }

    void invalid()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, messagePart);
        const ParseResult r = parse(args);
        QCOMPARE(r.action, ParseResult::Action::Error);
        QVERIFY2(r.text.contains(messagePart), qPrintable(r.text));
    }

    void helpAndVersion()
    {
        const ParseResult help = parse({QStringLiteral("--help")});
        QCOMPARE(help.action, ParseResult::Action::ShowHelp);
        for (const char *option : {"--profile", "--name", "--port", "--headless", "--verbose",
                                   "--no-discovery", "--discovery-port", "--bridge"})
            QVERIFY2(help.text.contains(QLatin1String(option)), option);

        const ParseResult version = parse({QStringLiteral("--version")});
        QCOMPARE(version.action, ParseResult::Action::ShowVersion);
        QVERIFY(version.text.startsWith(QStringLiteral("tincan ")));
        QCOMPARE(parse({QStringLiteral("-h")}).action, ParseResult::Action::ShowHelp);
        QCOMPARE(parse({QStringLiteral("-v")}).action, ParseResult::Action::ShowVersion);
    }

    // The usage line names the command as typed, not QCommandLineParser's "<executable_name>"
    // placeholder (no QCoreApplication exists while parsing) nor a build path.
    void helpNamesTheCommand()
    {
        const QString text = parse({QStringLiteral("--help")}).text;
        QVERIFY2(text.startsWith(QStringLiteral("Usage: tincan [options]\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("tincan ctl COMMAND")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("<executable_name>")), qPrintable(text));
    }

    // Qt's options are not taken on the command line (main.cpp hands Qt argv[0] only), so the
    // help offers no --help-all for them and the parser refuses them instead of running.
    void qtOptionsAreRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("help-all") << QStringList{QStringLiteral("--help-all")};
        QTest::newRow("platform") << QStringList{QStringLiteral("-platform"),
                                                 QStringLiteral("offscreen")};
        QTest::newRow("style") << QStringList{QStringLiteral("--style"), QStringLiteral("Basic")};
    }

    void qtOptionsAreRefused()
    {
        QFETCH(QStringList, args);
        QCOMPARE(parse(args).action, ParseResult::Action::Error);
        QVERIFY(!parse({QStringLiteral("--help")}).text.contains(QStringLiteral("help-all")));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
