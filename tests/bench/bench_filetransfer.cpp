// File transfer throughput on loopback against a raw TLS 1.3 stream measured in the same run,
// and chat latency while the transfer runs. Prints one JSON object.
//
// Both ends run in this one process and thread, as in bench_messaging: the raw stream has the
// same handicap (one core encrypts and decrypts), so the ratio compares like with like.
//
// Usage: bench_filetransfer [--mib N] [--dir DIR] [--chat-interval-ms N]
#include "chat/messenger.h"
#include "crypto/identity.h"
#include "files/filetransfers.h"
#include "net/sessionmanager.h"
#include "net/tlsconfig.h"
#include "rawtlspair.h"
#include "testnode.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Tincan;

namespace {

constexpr qint64 MiB = 1024 * 1024;

// The ceiling: one TLS 1.3 connection, 256 KiB writes kept a few MiB ahead, reader discarding.
double rawTlsMiBps(qint64 bytes)
{
    RawTlsPair pair;
    if (!pair.open())
        return 0;
    QSslSocket &client = pair.client;
    QSslSocket *peer = pair.peer;
    peer->setReadBufferSize(2 * MiB); // as a TlsLink does
    qint64 received = 0;
    QObject::connect(peer, &QSslSocket::readyRead, peer,
                     [&] { received += peer->readAll().size(); });
    QByteArray block(256 * 1024, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
    qint64 sent = 0;
    auto feed = [&] {
        while (sent < bytes &&
               client.bytesToWrite() + client.encryptedBytesToWrite() < 512 * 1024) {
            client.write(block);
            sent += block.size();
        }
    };
    // As in TlsLink: QSslSocket reports progress through both signals.
    QObject::connect(&client, &QSslSocket::bytesWritten, &client, feed);
    QObject::connect(&client, &QSslSocket::encryptedBytesWritten, &client, feed);
    QElapsedTimer t;
    t.start();
    feed();
    while (received < bytes && t.elapsed() < 600'000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    if (received < bytes) {
        qWarning("raw TLS stream stalled: sent %lld, received %lld", sent, received);
        return 0;
    }
    return double(bytes) / MiB / (t.nsecsElapsed() / 1e9);
}

bool writeFile(const QString &path, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray block(4 * MiB, Qt::Uninitialized);
    QRandomGenerator random(3);
    for (qint64 left = size; left > 0; left -= block.size()) {
        random.fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
        if (file.write(block.constData(), std::min<qint64>(left, block.size())) < 0)
            return false;
    }
    return true;
}

struct ChatProbe
{
    QList<double> samples; // ms from sendText on A to committed on B
    QHash<QString, QElapsedTimer> pending;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("tincan.*.info=false"));
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("mib"), QStringLiteral("file size in MiB"),
                      QStringLiteral("n"), QStringLiteral("1024")});
    parser.addOption({QStringLiteral("dir"), QStringLiteral("where to put the files"),
                      QStringLiteral("dir"), QDir::tempPath()});
    parser.addOption({QStringLiteral("chat-interval-ms"), QStringLiteral("chat message period"),
                      QStringLiteral("ms"), QStringLiteral("20")});
    parser.process(app);
    const qint64 bytes = parser.value(QStringLiteral("mib")).toLongLong() * MiB;
    const int chatInterval = parser.value(QStringLiteral("chat-interval-ms")).toInt();

    QTemporaryDir work(
        QDir(parser.value(QStringLiteral("dir"))).filePath(QStringLiteral("bench-XXXXXX")));
    const QString source = work.filePath(QStringLiteral("payload.bin"));
    if (!writeFile(source, bytes))
        qFatal("cannot write the payload");

    const double rawBefore = rawTlsMiBps(bytes);

    TestNode a(QStringLiteral("A")), b(QStringLiteral("B"));
    QString error;
    b->setSetting(QStringLiteral("downloadDir"), work.filePath(QStringLiteral("downloads")),
                  &error);
    b->setSetting(QStringLiteral("acceptEveryone"), true, &error);
    b->setSetting(QStringLiteral("fileAutoAcceptBytes"), double(bytes), &error);
    a->connectTo(b.address(), &error);
    if (!QTest::qWaitFor([&] { return a->sessions().isConnected(b.id()); }, 10000))
        qFatal("no session");

    ChatProbe probe;
    QObject::connect(&b->messenger(), &Messenger::messageAdded, &b->messenger(),
                     [&](const MessageRecord &m) {
                         if (probe.pending.contains(m.uuid))
                             probe.samples.append(probe.pending.take(m.uuid).nsecsElapsed() / 1e6);
                     });
    QTimer chatTimer;
    chatTimer.setInterval(chatInterval);
    QObject::connect(&chatTimer, &QTimer::timeout, &chatTimer, [&] {
        QElapsedTimer t;
        t.start();
        QString e;
        if (const auto m = a->messenger().sendText(b.id(), QStringLiteral("ping"), {}, &e))
            probe.pending.insert(m->uuid, t);
    });

    // Idle chat latency first, as the reference for the figure under load. A real event loop
    // throughout: QTest::qWait and qWaitFor nap 10 ms between checks, which would throttle
    // the transfer itself.
    chatTimer.start();
    QEventLoop idleLoop;
    QTimer::singleShot(2000, &idleLoop, &QEventLoop::quit);
    idleLoop.exec();
    const QList<double> idle = std::exchange(probe.samples, {});

    QElapsedTimer total;
    total.start();
    QEventLoop transferLoop;
    QString id;
    QObject::connect(&a->files(), &FileTransfers::transferChanged, &transferLoop,
                     [&](const TransferInfo &info) {
                         if (info.record.id == id && isFinished(info.record.state))
                             transferLoop.quit();
                     });
    id = a->files().sendFile(b.id(), source, &error);
    const double hashSeconds = total.nsecsElapsed() / 1e9;
    QElapsedTimer transfer;
    transfer.start();
    if (id.isEmpty())
        qFatal("%s", qPrintable(error));
    QTimer::singleShot(3600 * 1000, &transferLoop, &QEventLoop::quit);
    transferLoop.exec();
    const double transferSeconds = transfer.nsecsElapsed() / 1e9;
    chatTimer.stop();
    const QList<double> loaded = probe.samples;
    const auto received = b->files().store().find(id, a.id(), TransferDirection::Incoming);
    const bool ok = received && received->state == TransferState::Completed;

    const double rawAfter = rawTlsMiBps(bytes);
    const double raw = (rawBefore + rawAfter) / 2;
    const double mibps = double(bytes) / MiB / transferSeconds;

    QJsonObject out;
    out.insert(QStringLiteral("bytes"), bytes);
    out.insert(QStringLiteral("completed"), ok);
    out.insert(QStringLiteral("sender_hash_s"), hashSeconds);
    out.insert(QStringLiteral("transfer_s"), transferSeconds);
    out.insert(QStringLiteral("transfer_MiB_per_s"), mibps);
    out.insert(QStringLiteral("raw_tls_MiB_per_s_before"), rawBefore);
    out.insert(QStringLiteral("raw_tls_MiB_per_s_after"), rawAfter);
    out.insert(QStringLiteral("ratio_to_raw_tls"), mibps / raw);
    out.insert(QStringLiteral("chat_idle_p50_ms"), percentile(idle, 0.5));
    out.insert(QStringLiteral("chat_idle_p99_ms"), percentile(idle, 0.99));
    out.insert(QStringLiteral("chat_during_transfer_samples"), loaded.size());
    out.insert(QStringLiteral("chat_during_transfer_p50_ms"), percentile(loaded, 0.5));
    out.insert(QStringLiteral("chat_during_transfer_p99_ms"), percentile(loaded, 0.99));
    out.insert(QStringLiteral("chat_during_transfer_max_ms"), percentile(loaded, 1.0));
    printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Indented).constData());
    return ok ? 0 : 1;
}
