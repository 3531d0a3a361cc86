// A profile made by Tincan 0.1 opens on this version: same device id, its contacts, trust,
// history and groups kept, an account made for it, and it chats with a peer of this version.
//
// The profile is written the way 0.1 wrote it, without this version's code above the store:
// identity files by Identity (unchanged since 0.1), the schema by the migrations 0.1 had
// (1 to 3; released migrations are never edited), rows by plain SQL in that schema, and a
// group whose create event is signed with the profile's own key.
#include "chat/messenger.h"
#include "crypto/account.h"
#include "crypto/identity.h"
#include "groups/groupevent.h"
#include "groups/groupmanager.h"
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "store/database.h"
#include "store/messagesearch.h"
#include "store/messagestore.h"
#include "store/peerrepository.h"
#include "testnode.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Tincan;

namespace {
// How 0.1 numbered the delivery states it stored (schema 8 moved them up, for Deposited).
constexpr int Release01Delivered = 2;
constexpr int Release01Read = 3;
const QString legacyEventLine =
    QStringLiteral("You created the group \u201cOld friends\u201d with Bobby");
constexpr int Timeout = 10000;
constexpr int Release01Schema = 3;

bool exec(QSqlDatabase db, const QString &sql, const QVariantList &values)
{
    QSqlQuery query(db);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        qWarning() << sql << query.lastError().text();
        return false;
    }
    return true;
}

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

struct OldProfile
{
    QString deviceId;
    QString groupId;
};

// Alice's 0.1 profile in dir: Bob a verified contact renamed "Bobby" with two messages, and a
// group "Old friends" of the two.
std::optional<OldProfile> writeRelease01Profile(const QString &dir, TestNode &bob)
{
    QString error;
    const auto identity = Identity::loadOrCreate(dir, &error);
    if (!identity)
        return std::nullopt;
    QFile settings(QDir(dir).filePath(QStringLiteral("settings.json")));
    if (!settings.open(QIODevice::WriteOnly) || settings.write(R"({"displayName": "Alice"})") < 0)
        return std::nullopt;
    settings.close();

    Database database(QDir(dir).filePath(Database::fileName()));
    if (!database.migrate(Release01Schema, &error))
        return std::nullopt;
    const QSqlDatabase db = database.connection();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString bobId = bob.id();
    GroupEvent create;
    create.op = GroupOp::Create;
    create.actor = identity->id(); // signing picks the nonce and derives the group id
    create.targets = {bobId};
    create.name = QStringLiteral("Old friends");
    create.lamport = 1;
    create.ts = QDateTime::currentDateTimeUtc();
    const auto event = signGroupEvent(*identity, create);
    const bool ok =
        event &&
        exec(db,
             QStringLiteral("INSERT INTO peers (id, name, alias, trust, certificate, addresses, "
                            "last_seen, is_contact) VALUES (?, 'Bob', 'Bobby', 1, ?, ?, ?, 1)"),
             {bobId, bob->identity().certificate().toDer(),
              QStringLiteral(R"(["%1"])").arg(bob.address()), now}) &&
        exec(db,
             QStringLiteral("INSERT INTO conversations (id, kind, peer_id, created_at, "
                            "last_activity, request_state) VALUES (?, 0, ?, ?, ?, 0)"),
             {bobId, bobId, now - 2000, now - 1000}) &&
        exec(db,
             QStringLiteral("INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, "
                            "sender_ts, received_at, body, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
             {uuid(), bobId, identity->id(), 1, now - 2000, now - 2000,
              QStringLiteral("see you at the lighthouse"), Release01Delivered}) &&
        exec(db,
             QStringLiteral("INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, "
                            "sender_ts, received_at, body, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
             {uuid(), bobId, bobId, 0, now - 1000, now - 1000, QStringLiteral("bring the map"),
              Release01Read}) &&
        exec(db,
             QStringLiteral("INSERT INTO conversations (id, kind, title, created_at, "
                            "last_activity, request_state) VALUES (?, 1, 'Old friends', ?, ?, 0)"),
             {event->group, now - 3000, now - 3000}) &&
        exec(db,
             QStringLiteral("INSERT INTO group_members (conversation_id, peer_id, role, "
                            "added_by, added_at) VALUES (?, ?, 2, ?, ?), (?, ?, 0, ?, ?)"),
             {event->group, identity->id(), identity->id(), now - 3000, event->group, bobId,
              identity->id(), now - 3000}) &&
        exec(db,
             QStringLiteral("INSERT INTO group_events (id, group_id, lamport, actor, payload, "
                            "received_at) VALUES (?, ?, 1, ?, ?, ?)"),
             {event->id, event->group, identity->id(), event->payload(), now - 3000}) &&
        // 0.1 stored its event lines in English, and indexed them for search.
        exec(db,
             QStringLiteral("INSERT INTO messages (uuid, conversation_id, sender_id, outgoing, "
                            "sender_ts, received_at, body, kind, state) "
                            "VALUES (?, ?, ?, 1, ?, ?, ?, 1, 3)"),
             {uuid(), event->group, identity->id(), now - 3000, now - 3000, legacyEventLine});
    if (!ok)
        return std::nullopt;
    return OldProfile{identity->id(), event->group};
}

QStringList bodies(TestNode &node, const QString &conversationId)
{
    QStringList result;
    const auto page = node->messenger().messages().history(conversationId, 50);
    for (const MessageRecord &m : page ? page->messages : QList<MessageRecord>{})
        result.prepend(m.body);
    return result;
}

QJsonObject nodeInfo(const QString &dir)
{
    QFile file(QDir(dir).filePath(QStringLiteral("node.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}
} // namespace

class TestProfileUpgrade : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aRelease01ProfileOpensAndChats()
    {
        TestNode bob(QStringLiteral("Bob"));
        QTemporaryDir dir;
        const auto old = writeRelease01Profile(dir.path(), bob);
        QVERIFY(old);
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(Account::keyFileName())));

        TestNode alice(QStringLiteral("Alice"), dir.path());
        QCOMPARE(alice.id(), old->deviceId); // the device id stays
        QVERIFY(Protocol::isValidId(alice->accountId()) && alice->accountId() != alice.id());
        const QJsonObject info = nodeInfo(dir.path());
        QCOMPARE(info.value(QStringLiteral("fingerprint")).toString(), alice.id());
        QCOMPARE(info.value(QStringLiteral("account")).toString(), alice->accountId());
        const auto groupOrOther = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                  QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        QVERIFY(!(QFile::permissions(QDir(dir.path()).filePath(Account::keyFileName())) &
                  groupOrOther));
        QCOMPARE(alice->database().schemaVersion(), Database::latestVersion);

        // Contacts, trust, history, search and the group, as they were.
        const auto bobRecord = alice->peers().find(bob.id());
        QVERIFY(bobRecord);
        QCOMPARE(bobRecord->trust, Trust::Verified);
        QCOMPARE(bobRecord->alias, QStringLiteral("Bobby"));
        QVERIFY(bobRecord->isContact);
        QCOMPARE(bodies(alice, bob.id()), (QStringList{QStringLiteral("see you at the lighthouse"),
                                                       QStringLiteral("bring the map")}));
        // Schema 8 moved Delivered and Read up by one, to make room for Deposited.
        const auto page = alice->messenger().messages().history(bob.id(), 10);
        QVERIFY(page && page->messages.size() == 2);
        QCOMPARE(page->messages.at(0).state, MessageState::Read); // newest first
        QCOMPARE(page->messages.at(1).state, MessageState::Delivered);
        QCOMPARE(alice->messenger().conversations().find(bob.id())->unread, 0);
        SearchQuery lighthouse;
        lighthouse.text = QStringLiteral("lighthouse");
        const auto hits = MessageSearch(alice->database()).search(lighthouse);
        QVERIFY(hits && hits->size() == 1);
        const QList<GroupMember> members = alice->groups().members(old->groupId);
        QCOMPARE(members.size(), 2);
        // Its English event line stays as it was, out of the index with every event line.
        QCOMPARE(bodies(alice, old->groupId), QStringList{legacyEventLine});
        SearchQuery created;
        created.text = QStringLiteral("created");
        const auto eventHits = MessageSearch(alice->database()).search(created);
        QVERIFY(eventHits && eventHits->isEmpty());
        QString integrity;
        QVERIFY2(alice->database().checkIntegrity(&integrity), qPrintable(integrity));

        // It chats with a peer on this version: it redials Bob as it always did.
        QTRY_VERIFY_WITH_TIMEOUT(alice->sessions().isConnected(bob.id()), Timeout);
        QString error;
        QVERIFY2(bob->sendText(alice.id(), QStringLiteral("made it"), {}, &error),
                 qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(bodies(alice, bob.id()).size(), 3, Timeout);
        QCOMPARE(bodies(alice, bob.id()).constLast(), QStringLiteral("made it"));
        QVERIFY2(alice->sendText(bob.id(), QStringLiteral("welcome back"), {}, &error),
                 qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(
            bodies(bob, alice.id()),
            (QStringList{QStringLiteral("made it"), QStringLiteral("welcome back")}), Timeout);
        QVERIFY2(alice->sendText(old->groupId, QStringLiteral("to the old friends"), {}, &error),
                 qPrintable(error));
        // After the line saying Alice made the group with him (it is new to his profile).
        QTRY_COMPARE_WITH_TIMEOUT(bodies(bob, old->groupId).value(1),
                                  QStringLiteral("to the old friends"), Timeout);
        // Each now knows the other's account; Bob is still the verified contact he was.
        QTRY_COMPARE_WITH_TIMEOUT(alice->peers().find(bob.id())->accountId, bob->accountId(),
                                  Timeout);
        QCOMPARE(alice->peers().find(bob.id())->trust, Trust::Verified);

        // A restart loads the account that was made, it does not make another.
        const QString account = alice->accountId();
        alice.stop();
        TestNode again(QStringLiteral("Alice"), dir.path());
        QCOMPARE(again->accountId(), account);
        QCOMPARE(again.id(), old->deviceId);
    }
};

QTEST_GUILESS_MAIN(TestProfileUpgrade)
#include "tst_profileupgrade.moc"
