#include "fileactions.h"

#include "files/filetransfers.h"
#include "node/node.h"
#include "nodehandle.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QMimeData>

using namespace Tincan;

FileActions::FileActions(Node *node, QObject *parent)
    : QObject(parent)
    , m_node(node)
{
    connect(node, &Node::changed, this, [this](const NodeChange &change) {
        if (change.kind == ChangeKind::Setting &&
            (change.id == u"downloadDir" || change.id == u"fileAutoAcceptBytes"))
            Q_EMIT settingsChanged();
    });
}

FileActions *FileActions::create(QQmlEngine *qmlEngine, QJSEngine *)
{
    auto *actions = new FileActions(&NodeHandle::of(qmlEngine));
    QJSEngine::setObjectOwnership(actions, QJSEngine::JavaScriptOwnership);
    return actions;
}

QString FileActions::downloadDir() const
{
    return m_node->files().settings().downloadDir;
}

void FileActions::setDownloadDir(const QString &dir)
{
    QString error;
    const QString local = dir.startsWith(QLatin1String("file:")) ? QUrl(dir).toLocalFile() : dir;
    if (local == downloadDir())
        return;
    if (!m_node->setSetting(QStringLiteral("downloadDir"), local, &error))
        Q_EMIT failed(error);
}

int FileActions::autoAcceptMiB() const
{
    const qint64 bytes = m_node->files().settings().autoAcceptBytes;
    return bytes < 0 ? -1 : int(bytes / (1024 * 1024));
}

void FileActions::setAutoAcceptMiB(int mib)
{
    if (mib == autoAcceptMiB())
        return;
    QString error;
    const double bytes = mib < 0 ? -1.0 : double(mib) * 1024 * 1024;
    if (!m_node->setSetting(QStringLiteral("fileAutoAcceptBytes"), bytes, &error))
        Q_EMIT failed(error);
}

QString FileActions::send(const QString &conversationId, const QList<QUrl> &urls)
{
    QStringList errors;
    for (const QUrl &url : urls) {
        QString error;
        const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
        if (m_node->files().sendFile(conversationId, path, &error).isEmpty())
            errors.append(error);
    }
    return errors.join(QLatin1Char('\n'));
}

bool FileActions::clipboardHasFiles() const
{
    const QClipboard *clipboard = QGuiApplication::clipboard();
    const QMimeData *data = clipboard ? clipboard->mimeData() : nullptr;
    if (!data)
        return false;
    const QList<QUrl> urls = data->urls();
    return data->hasImage() ||
           (!urls.isEmpty() && std::all_of(urls.begin(), urls.end(),
                                           [](const QUrl &url) { return url.isLocalFile(); }));
}

QString FileActions::sendClipboard(const QString &conversationId)
{
    const QMimeData *data = QGuiApplication::clipboard()->mimeData();
    if (data && data->hasUrls())
        return send(conversationId, data->urls());
    const QImage image = QGuiApplication::clipboard()->image();
    if (image.isNull())
        return tr("The clipboard holds no image.");
    // Kept in the profile: the transfer reads it until every recipient has it.
    const QDir dir(m_node->profile().filePath(QStringLiteral("pasted")));
    if (!QDir().mkpath(dir.path()))
        return tr("Cannot create %1.").arg(dir.path());
    const QString path = dir.filePath(
        QStringLiteral("Pasted image %1.png")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH.mm.ss.zzz"))));
    if (!image.save(path, "PNG"))
        return tr("Cannot save the pasted image to %1.").arg(path);
    return send(conversationId, {QUrl::fromLocalFile(path)});
}

bool FileActions::answer(const QString &uuid, bool accepting)
{
    for (const TransferInfo &info : m_node->files().transfersOf(uuid)) {
        if (info.record.direction != TransferDirection::Incoming ||
            info.record.state != TransferState::AskUser)
            continue;
        QString error;
        const bool ok = accepting ? m_node->files().accept(uuid, info.record.peerId, &error)
                                  : m_node->files().decline(uuid, info.record.peerId, &error);
        if (!ok)
            Q_EMIT failed(error);
        return ok;
    }
    return false;
}

bool FileActions::accept(const QString &uuid)
{
    return answer(uuid, true);
}

bool FileActions::decline(const QString &uuid)
{
    return answer(uuid, false);
}

bool FileActions::cancel(const QString &uuid)
{
    QString error;
    if (m_node->files().cancel(uuid, {}, &error))
        return true;
    Q_EMIT failed(error);
    return false;
}

QUrl FileActions::folderUrl(const QString &path) const
{
    return QUrl::fromLocalFile(QFileInfo(path).absolutePath());
}
