#pragma once

#include "store/database.h"
#include "store/messagestore.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// Shared by the store tests: a migrated database in a fresh temporary directory.
namespace StoreTest {

inline QString peer(char c)
{
    return QString(64, QLatin1Char(c));
}

inline const QString self = peer('0');
inline const QString alice = peer('a');
inline const QString bob = peer('b');
inline const QString carol = peer('c');

inline std::unique_ptr<Tincan::Database> openDatabase(const QTemporaryDir &dir,
                                                      int version = Tincan::Database::latestVersion)
{
    auto db = std::make_unique<Tincan::Database>(dir.filePath(Tincan::Database::fileName()));
    QString error;
    if (!db->migrate(version, &error))
        qWarning("migration failed: %s", qPrintable(error));
    return db;
}

inline qint64 count(const Tincan::Database &db, const QString &sql)
{
    QSqlQuery query(db.connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

inline Tincan::IncomingMessage incoming(const QString &sender, const QString &body,
                                        const QDateTime &sentAt = QDateTime::currentDateTimeUtc(),
                                        const QString &uuid = {})
{
    Tincan::IncomingMessage message;
    message.uuid = uuid.isEmpty() ? Tincan::newUuid() : uuid;
    message.senderId = sender;
    message.sentAt = sentAt;
    message.body = body;
    return message;
}

inline Tincan::OutgoingMessage outgoing(const QString &conversation, const QString &body)
{
    Tincan::OutgoingMessage message;
    message.conversationId = conversation;
    message.body = body;
    return message;
}

} // namespace StoreTest
