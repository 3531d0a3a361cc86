// Deleted and edited text leaves the database file (issue #19, finding 10): after "delete for
// everyone" and after an edit, neither the sender's nor the recipient's tincan.db or its WAL
// holds the old words any more, in the rows or in the full-text index.
#include "chat/messenger.h"
#include "net/sessionmanager.h"
#include "store/database.h"
#include "testnode.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Tincan;
using namespace std::chrono_literals;

namespace {
constexpr int Timeout = 20000;
const QByteArray Secret = "zqxwvkjplm"; // a word that occurs nowhere else
const QByteArray Edited = "brqmntvxhy";

NodeConfig quickScrub()
{
    NodeConfig config = TestNode::defaultConfig();
    config.scrubDelay = 100ms;
    return config;
}

// Does the database file or its WAL contain the bytes? Both are read as they are on disk.
bool onDisk(TestNode &node, const QByteArray &needle)
{
    const QString db = QDir(node.profileDir()).filePath(Database::fileName());
    for (const QString &path : QStringList{db, db + QStringLiteral("-wal")}) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            return true;
    }
    return false;
}
} // namespace

class TestDeletedText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deletedAndEditedWordsAreGoneFromBothFiles()
    {
        TestNode a(QStringLiteral("Alice"), quickScrub()), b(QStringLiteral("Bob"), quickScrub());
        QString error;
        QVERIFY2(a->connectTo(b.address(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(a->sessions().isConnected(b.id()), Timeout);
        const QString secret = QStringLiteral("the code is %1").arg(QLatin1String(Secret));
        const QString draft = QStringLiteral("meet at %1").arg(QLatin1String(Edited));
        const auto deleted = a->messenger().sendText(b.id(), secret, {}, &error);
        const auto edited = a->messenger().sendText(b.id(), draft, {}, &error);
        QVERIFY2(deleted && edited, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(b->messenger().messages().find(edited->uuid), Timeout);
        // Both are searchable and on disk before: the check below can fail.
        QTRY_VERIFY_WITH_TIMEOUT(onDisk(a, Secret) && onDisk(b, Secret), Timeout);

        QCOMPARE(a->messenger().deleteMessage(deleted->uuid), ChangeResult::Applied);
        QCOMPARE(a->messenger().editMessage(edited->uuid, QStringLiteral("meet at noon")),
                 ChangeResult::Applied);
        QTRY_VERIFY_WITH_TIMEOUT(b->messenger().messages().find(deleted->uuid)->deleted, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(b->messenger().messages().find(edited->uuid)->body,
                                  QStringLiteral("meet at noon"), Timeout);
        for (TestNode *node : {&a, &b}) {
            QTRY_VERIFY_WITH_TIMEOUT(!onDisk(*node, Secret), Timeout);
            QTRY_VERIFY_WITH_TIMEOUT(!onDisk(*node, Edited), Timeout);
        }
    }
};

QTEST_GUILESS_MAIN(TestDeletedText)
#include "tst_deletedtext.moc"
