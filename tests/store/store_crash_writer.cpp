// Helper of tst_store_crash: receives messages [from, to) in batches into DIR/tincan.db and
// prints "committed N" after each commit, N being how many indices are committed so far. It is
// killed with SIGKILL in the middle of that; to = -1 runs until then.
#include "store/database.h"
#include "store/messagestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QUuid>

#include <cstdio>

using namespace Tincan;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4)
        return 2;
    Database db(QDir(args.at(1)).filePath(Database::fileName()));
    QString error;
    if (!db.migrate(&error))
        return 3;
    MessageStore store(db, QString(64, QLatin1Char('0')));
    store.setAcceptEveryone(true);
    const QString sender(64, QLatin1Char('a'));
    const QUuid ns = QUuid::fromString(QStringLiteral("6ba7b811-9dad-11d1-80b4-00c04fd430c8"));
    const qint64 to = args.at(3).toLongLong();
    constexpr int batchSize = 100;
    for (qint64 next = args.at(2).toLongLong(); to < 0 || next < to;) {
        QList<IncomingMessage> batch;
        for (int i = 0; i < batchSize && (to < 0 || next + i < to); ++i) {
            IncomingMessage message;
            message.uuid =
                QUuid::createUuidV5(ns, QString::number(next + i)).toString(QUuid::WithoutBraces);
            message.senderId = sender;
            message.sentAt = QDateTime::currentDateTimeUtc();
            message.body = QStringLiteral("message number %1").arg(next + i);
            batch << message;
        }
        const auto results = store.receiveBatch(batch);
        if (!results)
            return 4;
        next += batch.size();
        // Only now, as a receiver acknowledges only what is committed.
        std::printf("committed %lld\n", static_cast<long long>(next));
        std::fflush(stdout);
    }
    return 0;
}
