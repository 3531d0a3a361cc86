// AppController: what the user does (send, edit, accept, block, ...) and desktop glue.
#include "appcontroller.h"

#include "chat/messenger.h"
#include "groups/groupmanager.h"
#include "models/conversationsmodel.h"
#include "models/keychangesmodel.h"
#include "models/messageformat.h"
#include "models/peersmodel.h"
#include "net/sessionmanager.h"
#include "node/node.h"
#include "store/peerrepository.h"

#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>

using Tincan::RequestState;
using Tincan::Trust;

QString AppController::initialsOf(const QString &name) const
{
    return Tincan::MessageFormat::initials(name);
}

QString AppController::openDirect(const QString &peerId)
{
    QString error;
    const auto conversation = m_node->openDirect(peerId, &error);
    if (!conversation) {
        setLastError(tr("Cannot open a conversation with this peer."));
        return {};
    }
    return conversation->id;
}

bool AppController::sendMessage(const QString &conversationId, const QString &text,
                                const QString &replyTo)
{
    QString error;
    if (!m_node->sendText(conversationId, text.trimmed(), replyTo, &error)) {
        setLastError(error);
        return false;
    }
    return true;
}

bool AppController::editMessage(const QString &uuid, const QString &text)
{
    if (text.trimmed().isEmpty())
        return deleteMessage(uuid);
    if (m_node->messenger().editMessage(uuid, text.trimmed()) == Tincan::ChangeResult::Failed) {
        setLastError(tr("This message can no longer be edited."));
        return false;
    }
    return true;
}

bool AppController::deleteMessage(const QString &uuid)
{
    if (m_node->messenger().deleteMessage(uuid) == Tincan::ChangeResult::Failed) {
        setLastError(tr("This message can no longer be deleted."));
        return false;
    }
    return true;
}

void AppController::markRead(const QString &conversationId)
{
    m_node->messenger().markRead(conversationId);
}

void AppController::setTyping(const QString &conversationId, bool typing)
{
    m_node->messenger().setTyping(conversationId, typing);
}

void AppController::acceptRequest(const QString &conversationId)
{
    QString error;
    if (!m_node->acceptRequest(conversationId, &error))
        setLastError(error);
}

void AppController::ignoreRequest(const QString &conversationId)
{
    QString error;
    if (!m_node->ignoreRequest(conversationId, &error))
        setLastError(error);
}

bool AppController::setPeerTrust(const QString &peerId, int trust)
{
    if (trust < 0 || trust > static_cast<int>(Trust::Blocked)) {
        setLastError(tr("That is not a trust level."));
        return false;
    }
    QString error;
    if (!m_node->setPeerTrust(peerId, static_cast<Trust>(trust), &error)) {
        setLastError(error);
        return false;
    }
    return true;
}

bool AppController::resolveKeyChange(const QString &presentedId, bool accept)
{
    QString error;
    if (!m_node->resolveKeyChange(presentedId, accept, &error)) {
        setLastError(error);
        return false;
    }
    return true;
}

bool AppController::connectTo(const QString &target)
{
    QString error;
    if (!m_node->connectTo(target.trimmed(), &error)) {
        setLastError(error);
        return false;
    }
    return true;
}

void AppController::copyText(const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
}

bool AppController::clipboardHasFiles() const
{
    const QMimeData *data = QGuiApplication::clipboard()->mimeData();
    if (!data)
        return false;
    if (data->hasImage())
        return true;
    const QList<QUrl> urls = data->urls();
    return std::any_of(urls.cbegin(), urls.cend(),
                       [](const QUrl &url) { return url.isLocalFile(); });
}

// The avatar is kept in the profile as a round 256 px PNG, ready to show. Sending it to peers
// waits for a protocol message that carries it.
bool AppController::setAvatar(const QUrl &imageFile)
{
    QImage source(imageFile.isLocalFile() ? imageFile.toLocalFile() : imageFile.toString());
    if (source.isNull()) {
        setLastError(tr("That file is not an image Tincan can read."));
        return false;
    }
    constexpr int size = 256;
    source = source.scaled(size, size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    QImage round(size, size, QImage::Format_ARGB32_Premultiplied);
    round.fill(Qt::transparent);
    {
        QPainter painter(&round);
        painter.setRenderHint(QPainter::Antialiasing);
        QPainterPath circle;
        circle.addEllipse(0, 0, size, size);
        painter.setClipPath(circle);
        painter.drawImage((size - source.width()) / 2, (size - source.height()) / 2, source);
    }
    if (!round.save(avatarPath(), "PNG")) {
        setLastError(tr("The picture could not be saved in the profile."));
        return false;
    }
    QFile::setPermissions(avatarPath(), QFile::ReadOwner | QFile::WriteOwner);
    ++m_avatarVersion;
    Q_EMIT avatarChanged();
    return true;
}

void AppController::clearAvatar()
{
    if (QFile::remove(avatarPath())) {
        ++m_avatarVersion;
        Q_EMIT avatarChanged();
    }
}

QVariantList AppController::savedWindows() const
{
    return m_node->setting(QStringLiteral("windows")).toArray().toVariantList();
}

void AppController::saveWindows(const QVariantList &windows)
{
    writeSetting(QStringLiteral("windows"), QJsonArray::fromVariantList(windows));
}

void AppController::onMessageAdded(const Tincan::MessageRecord &message)
{
    if (message.outgoing || message.kind != Tincan::MessageKind::Text)
        return;
    const auto conversation = m_node->messenger().conversations().find(message.conversationId);
    const bool isRequest = conversation && conversation->requestState == RequestState::Pending;
    const auto peer = m_node->peers().find(message.senderId);
    const QString title =
        peer ? peer->displayName() : Tincan::PeerRecord::displayNameOf(message.senderId, {}, {});
    Q_EMIT messageArrived(message.conversationId, title, message.body.left(200), isRequest);
}
