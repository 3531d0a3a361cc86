// The STUN and TURN servers a user names: what is accepted, and what is refused with a reason.
#include "ice/iceconfig.h"

#include <QTest>

using namespace Tincan;

class TestIceConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stun_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("address"); // empty: refused
        QTest::addColumn<int>("port");
        QTest::newRow("v4") << "192.0.2.1:3479"
                            << "192.0.2.1" << 3479;
        QTest::newRow("v4, default port") << "192.0.2.1"
                                          << "192.0.2.1" << 3478;
        QTest::newRow("v6") << "[2001:db8::1]:5000"
                            << "2001:db8::1" << 5000;
        QTest::newRow("v6, bare") << "2001:db8::1"
                                  << "2001:db8::1" << 3478;
        QTest::newRow("name") << "stun.example.org:3479"
                              << "stun.example.org" << 3479;
        QTest::newRow("name, default port") << "Stun.Example.org"
                                            << "stun.example.org" << 3478;
        QTest::newRow("international name") << "stün.example:3478"
                                            << "xn--stn-ioa.example" << 3478;
        QTest::newRow("bad name") << "stun_1.example.org:3478"
                                  << "" << 0;
        QTest::newRow("label starts with a hyphen") << "-stun.example.org"
                                                    << "" << 0;
        QTest::newRow("space") << "stun example.org"
                               << "" << 0;
        QTest::newRow("port 0") << "192.0.2.1:0"
                                << "" << 0;
        QTest::newRow("port big") << "192.0.2.1:70000"
                                  << "" << 0;
        QTest::newRow("empty") << ""
                               << "" << 0;
    }
    void stun()
    {
        QFETCH(QString, text);
        QFETCH(QString, address);
        QFETCH(int, port);
        QString error;
        const auto server = parseStunServer(text, &error);
        if (address.isEmpty()) {
            QVERIFY(!server);
            QVERIFY(!error.isEmpty());
            return;
        }
        QVERIFY2(server, qPrintable(error));
        // A literal's address is known at once; a name is kept as given, resolved later.
        QCOMPARE(server->address, QHostAddress(address));
        QCOMPARE(server->host,
                 QHostAddress(address).isNull() ? address : QHostAddress(address).toString());
        QCOMPARE(server->port, port);
        const auto again = parseStunServer(formatStunServer(*server), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->host, server->host);
        QCOMPARE(again->address, server->address);
    }

    void turn_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("tcp");
        QTest::newRow("udp") << "turn://ann:pw@192.0.2.7:3478" << true << false;
        QTest::newRow("tcp") << "turn://ann:pw@192.0.2.7:443?transport=tcp" << true << true;
        QTest::newRow("v6") << "turn://ann:pw@[2001:db8::7]:3478" << true << false;
        QTest::newRow("escaped password") << "turn://ann:p%40ss@192.0.2.7:3478" << true << false;
        QTest::newRow("no password") << "turn://ann@192.0.2.7:3478" << false << false;
        QTest::newRow("no user") << "turn://192.0.2.7:3478" << false << false;
        QTest::newRow("name") << "turn://ann:pw@turn.example.org:3478" << true << false;
        QTest::newRow("bad name") << "turn://ann:pw@turn_1.example.org:3478" << false << false;
        QTest::newRow("scheme") << "turns://ann:pw@192.0.2.7:5349" << false << false;
        QTest::newRow("transport") << "turn://ann:pw@192.0.2.7?transport=sctp" << false << false;
    }
    void turn()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(bool, tcp);
        QString error;
        const auto server = parseTurnServer(text, &error);
        QCOMPARE(bool(server), valid);
        if (!valid) {
            QVERIFY(error.contains(text.left(8)));
            return;
        }
        QCOMPARE(server->tcp, tcp);
        QCOMPARE(server->user, QStringLiteral("ann"));
        // Printed for logs without the password; printed in full, it reads back the same.
        QVERIFY(!formatTurnServer(*server, true).contains(server->password));
        const auto again = parseTurnServer(formatTurnServer(*server, false), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->password, server->password);
        QCOMPARE(again->tcp, tcp);
        QCOMPARE(again->host, server->host);
        QCOMPARE(again->address, server->address);
    }
};

QTEST_GUILESS_MAIN(TestIceConfig)
#include "tst_iceconfig.moc"
