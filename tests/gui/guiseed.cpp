#include "guiseed.h"

#include "chat/messenger.h"
#include "node/node.h"
#include "store/database.h"
#include "store/peerrepository.h"
#include "store/transaction.h"

#include <QJsonArray>
#include <QJsonObject>

namespace GuiSeed {
namespace {

QString peerId(int i)
{
    return QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0'));
}

Tincan::OutgoingMessage message(const QString &conversationId, int i, const QDateTime &at)
{
    Tincan::OutgoingMessage message;
    message.conversationId = conversationId;
    message.body = QStringLiteral("Seeded message number %1, long enough to wrap once or "
                                  "twice in a chat window of ordinary width.")
                       .arg(i);
    message.sentAt = at;
    return message;
}

bool openInWindow(Tincan::Node &node, const QString &conversationId)
{
    const QJsonObject window{{QStringLiteral("conversationId"), conversationId},
                             {QStringLiteral("x"), 40},
                             {QStringLiteral("y"), 40},
                             {QStringLiteral("width"), 460},
                             {QStringLiteral("height"), 620}};
    QString error;
    return node.setSetting(QStringLiteral("windows"), QJsonArray{window}, &error);
}

} // namespace

bool chatInWindow(Tincan::Node &node, int count)
{
    const auto conversation =
        node.messenger().conversations().direct(QStringLiteral("ef").repeated(32));
    if (!conversation)
        return false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Tincan::OutgoingMessage> batch;
    batch.reserve(count);
    for (int i = 0; i < count; ++i)
        batch.append(message(conversation->id, i, now.addSecs(i - count)));
    return node.messenger().messages().sendBatch(batch) && openInWindow(node, conversation->id);
}

bool office(Tincan::Node &node, int peers, int conversations, int messages)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Tincan::OutgoingMessage> lastMessages;
    {
        Tincan::Transaction transaction(node.database().connection());
        if (!transaction.isActive())
            return false;
        for (int i = 0; i < peers; ++i) {
            const QString id = peerId(i);
            if (!node.peers().recordSeen(
                    id, QStringLiteral("Peer %1").arg(i, 4, 10, QLatin1Char('0')), {}, now))
                return false;
            if (i >= conversations)
                continue;
            const auto conversation = node.messenger().conversations().direct(id);
            if (!conversation)
                return false;
            lastMessages.append(message(conversation->id, i, now.addSecs(-i)));
        }
        if (!transaction.commit())
            return false;
    }
    // The open chat is with the first peer, so that it is also the top conversation.
    lastMessages.removeFirst();
    if (!lastMessages.isEmpty() && !node.messenger().messages().sendBatch(lastMessages))
        return false;
    const auto open = node.messenger().conversations().direct(peerId(0));
    QList<Tincan::OutgoingMessage> batch;
    batch.reserve(messages);
    for (int i = 0; i < messages; ++i)
        batch.append(message(open->id, i, now.addMSecs(qint64(i - messages) * 100)));
    return node.messenger().messages().sendBatch(batch) && openInWindow(node, open->id);
}

} // namespace GuiSeed
