// Black-box probes of a running headless node's TLS endpoint, as an attacker on the LAN would
// make them: old TLS versions, no client certificate, garbage, and absurd frame lengths.
#include "crypto/identity.h"
#include "net/frame.h"
#include "nodeprocess.h"
#include "rawtlspeer.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr int Timeout = 10000;

struct ProbeResult
{
    int exitCode = -1;
    QString output;
};

// Runs openssl s_client until it exits, or until its output contains `until`.
ProbeResult sClient(quint16 port, const QStringList &extra, const QString &until = {})
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"),
            QStringList{QStringLiteral("s_client"), QStringLiteral("-connect"),
                        QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-ign_eof")} +
                extra);
    p.closeWriteChannel();
    QByteArray output;
    QDeadlineTimer deadline(Timeout);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        p.waitForReadyRead(50);
        output += p.readAll();
        if (!until.isEmpty() && output.contains(until.toUtf8()))
            break;
    }
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    output += p.readAll();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromLocal8Bit(output)};
}
} // namespace

class TestTlsEndpoint : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<NodeProcess> m_node;

private Q_SLOTS:
    void initTestCase()
    {
        m_node = std::make_unique<NodeProcess>(m_tmp.filePath(QStringLiteral("node")));
        m_node->start({QStringLiteral("--name"), QStringLiteral("Target")});
        QVERIFY2(m_node->waitUntilReady(), qPrintable(m_node->output()));
        QCOMPARE(m_node->nodeInfo().value(QStringLiteral("fingerprint")).toString().size(), 64);
    }

    void tls12IsRefused()
    {
        const ProbeResult r = sClient(m_node->port(), {QStringLiteral("-tls1_2")});
        QVERIFY2(r.exitCode != 0, qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral("alert protocol version")) ||
                     r.output.contains(QStringLiteral("Cipher is (NONE)")),
                 qPrintable(r.output));
    }

    void tls13WithoutClientCertificateIsRefused()
    {
        // TLS 1.3 lets the client finish its side first; the server then drops the connection
        // before any application data, so the probe never sees our hello.
        const ProbeResult r = sClient(m_node->port(), {QStringLiteral("-tls1_3")});
        QVERIFY2(r.exitCode != 0, qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral("unexpected eof")) ||
                     r.output.contains(QStringLiteral("alert")),
                 qPrintable(r.output));
        QVERIFY2(!r.output.contains(QStringLiteral("hello")), qPrintable(r.output));
    }

    void tls13WithClientCertificateGetsHello()
    {
        // The positive control: the same probe with a certificate gets through to the hello.
        QTemporaryDir dir;
        QString error;
        QVERIFY(Tincan::Identity::loadOrCreate(dir.path(), &error));
        const ProbeResult r =
            sClient(m_node->port(),
                    {QStringLiteral("-tls1_3"), QStringLiteral("-cert"),
                     dir.filePath(QStringLiteral("identity.crt")), QStringLiteral("-key"),
                     dir.filePath(QStringLiteral("identity.key"))},
                    QStringLiteral("hello"));
        QVERIFY2(r.output.contains(QStringLiteral("TLSv1.3")), qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral("hello")), qPrintable(r.output));
    }

    void garbageAndHugeLengthsAreDroppedWhileOthersAreServed()
    {
        RawTlsPeer bystander;
        bystander.connectTo(m_node->port());
        QTRY_VERIFY_WITH_TIMEOUT(bystander.isEncrypted(), Timeout);
        bystander.sendHello();

        QTcpSocket plain; // not even TLS
        plain.connectToHost(QHostAddress::LocalHost, m_node->port());
        QTRY_VERIFY_WITH_TIMEOUT(plain.state() == QAbstractSocket::ConnectedState, Timeout);
        plain.write(QByteArray(2048, '\x17'));
        QTRY_VERIFY_WITH_TIMEOUT(plain.state() == QAbstractSocket::UnconnectedState, Timeout);

        RawTlsPeer hostile;
        hostile.connectTo(m_node->port());
        QTRY_VERIFY_WITH_TIMEOUT(hostile.isEncrypted(), Timeout);
        hostile.sendHello();
        hostile.sendRaw(QByteArray("\xff\xff\xff\xff", 4)); // a 4 GiB frame
        QTRY_VERIFY_WITH_TIMEOUT(hostile.isDisconnected(), Timeout);

        bystander.sendRaw(
            Tincan::encodeFrame(QCborMap{{QStringLiteral("t"), QStringLiteral("ping")}}));
        QTRY_VERIFY_WITH_TIMEOUT(bystander.hasReceived(QStringLiteral("pong")), Timeout);
        QVERIFY(!bystander.isDisconnected());
        QCOMPARE(m_node->process().state(), QProcess::Running);
    }

    void cleanupTestCase()
    {
        m_node->terminate();
        QVERIFY(m_node->waitForExit(5000));
        QCOMPARE(m_node->process().exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTlsEndpoint)
#include "tst_tlsendpoint.moc"
