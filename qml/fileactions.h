#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QUrl>

namespace Tincan {
class Node;
}

// The QML face of file transfer (`Files` singleton): sending dropped, chosen or pasted files,
// answering offers, and the two file settings. Every call is a thin step into FileTransfers.
class FileActions : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Files)
    QML_SINGLETON
    Q_PROPERTY(QString downloadDir READ downloadDir WRITE setDownloadDir NOTIFY settingsChanged)
    // -1: always ask.
    Q_PROPERTY(int autoAcceptMiB READ autoAcceptMiB WRITE setAutoAcceptMiB NOTIFY settingsChanged)
public:
    explicit FileActions(Tincan::Node *node, QObject *parent = nullptr);
    static FileActions *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    QString downloadDir() const;
    void setDownloadDir(const QString &dir);
    int autoAcceptMiB() const;
    void setAutoAcceptMiB(int mib);

    // Local files (file: URLs from a drop or a file dialog). Returns an error text, or "".
    Q_INVOKABLE QString send(const QString &conversationId, const QList<QUrl> &urls);
    // The clipboard holds local files or an image (a screenshot).
    Q_INVOKABLE bool clipboardHasFiles() const;
    // Sends the clipboard's files, or its image saved as a PNG in the profile. An error, or "".
    Q_INVOKABLE QString sendClipboard(const QString &conversationId);
    Q_INVOKABLE bool accept(const QString &uuid);
    Q_INVOKABLE bool decline(const QString &uuid);
    Q_INVOKABLE bool cancel(const QString &uuid);
    Q_INVOKABLE QUrl folderUrl(const QString &path) const;

Q_SIGNALS:
    void settingsChanged();
    void failed(const QString &message);

private:
    bool answer(const QString &uuid, bool accepting);
    Tincan::Node *m_node;
};
