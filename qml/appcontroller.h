#pragma once

#include <QAbstractItemModel>
#include <QObject>
#include <QQmlEngine>
#include <QUrl>

namespace Tincan {
class Node;
class PeersModel;
class ConversationsModel;
class KeyChangesModel;
class SidebarModel;
struct MessageRecord;
} // namespace Tincan

// The QML face of the running node: the node attached to its engine (nodehandle.h). QML reaches
// it only as the `App` singleton. It owns the app-wide models and forwards user
// actions to the core; everything it decides is a one-line call into tincan_core.
class AppController : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(QString appName READ appName CONSTANT)
    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(QString displayName READ displayName WRITE setDisplayName NOTIFY displayNameChanged)
    Q_PROPERTY(QString initials READ initials NOTIFY displayNameChanged)
    Q_PROPERTY(QString selfId READ selfId CONSTANT)
    Q_PROPERTY(QString fingerprint READ fingerprint CONSTANT)
    Q_PROPERTY(QString inviteLink READ inviteLink CONSTANT)
    Q_PROPERTY(QString profileDir READ profileDir CONSTANT)
    Q_PROPERTY(int port READ port CONSTANT)
    Q_PROPERTY(QUrl avatarUrl READ avatarUrl NOTIFY avatarChanged)
    // The error of the last call that failed; every failure notifies, the same one twice too.
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(QAbstractItemModel *peers READ peers CONSTANT)
    Q_PROPERTY(QAbstractItemModel *conversations READ conversations CONSTANT)
    Q_PROPERTY(QAbstractItemModel *requests READ requests CONSTANT)
    // requests, conversations and peers as one list with sections (SidebarModel)
    Q_PROPERTY(QAbstractItemModel *sidebar READ sidebar CONSTANT)
    Q_PROPERTY(QAbstractItemModel *keyChanges READ keyChanges CONSTANT)
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)
    // Settings (docs/architecture.md, "Settings"): persisted at once.
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY settingsChanged)
    Q_PROPERTY(bool notifications READ notifications WRITE setNotifications NOTIFY settingsChanged)
    Q_PROPERTY(bool readReceipts READ readReceipts WRITE setReadReceipts NOTIFY settingsChanged)
    Q_PROPERTY(bool closeToTray READ closeToTray WRITE setCloseToTray NOTIFY settingsChanged)
    Q_PROPERTY(
        bool acceptEveryone READ acceptEveryone WRITE setAcceptEveryone NOTIFY settingsChanged)
    Q_PROPERTY(bool bridgeEnabled READ bridgeEnabled WRITE setBridgeEnabled NOTIFY settingsChanged)
    Q_PROPERTY(int bridgePort READ bridgePort WRITE setBridgePort NOTIFY settingsChanged)
    // Beyond the LAN (#24): the switch, and the servers one per line.
    Q_PROPERTY(bool internet READ internet WRITE setInternet NOTIFY settingsChanged)
    Q_PROPERTY(QString stunServers READ stunServers NOTIFY settingsChanged)
    Q_PROPERTY(QString turnServers READ turnServers NOTIFY settingsChanged)
    Q_PROPERTY(QString dhtBootstrap READ dhtBootstrap NOTIFY settingsChanged)
    // The running local bridge (core/bridge): where it listens and the token that opens it.
    Q_PROPERTY(bool bridgeRunning READ bridgeRunning NOTIFY bridgeChanged)
    Q_PROPERTY(QString bridgeAddress READ bridgeAddress NOTIFY bridgeChanged)
    Q_PROPERTY(QString bridgeToken READ bridgeToken NOTIFY bridgeChanged)

public:
    static AppController *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    QString appName() const;
    QString version() const;
    QString displayName() const;
    void setDisplayName(const QString &name);
    QString initials() const;
    QString selfId() const;
    QString fingerprint() const;
    QString inviteLink() const;
    QString profileDir() const;
    int port() const;
    QUrl avatarUrl() const;
    QString lastError() const { return m_lastError; }
    QAbstractItemModel *peers() const;
    QAbstractItemModel *conversations() const;
    QAbstractItemModel *requests() const;
    QAbstractItemModel *sidebar() const;
    QAbstractItemModel *keyChanges() const;
    int totalUnread() const;

    QString theme() const;
    void setTheme(const QString &theme);
    bool notifications() const;
    void setNotifications(bool on);
    bool readReceipts() const;
    void setReadReceipts(bool on);
    bool closeToTray() const;
    void setCloseToTray(bool on);
    bool acceptEveryone() const;
    void setAcceptEveryone(bool on);
    bool bridgeEnabled() const;
    void setBridgeEnabled(bool on);
    int bridgePort() const;
    void setBridgePort(int port);
    bool internet() const;
    void setInternet(bool on);
    QString stunServers() const;
    QString turnServers() const;
    QString dhtBootstrap() const;
    // Stores the servers (one per line; blank lines ignored), or returns why not: the first
    // entry that is not HOST:PORT or turn://USER:PASS@HOST:PORT, by name. Empty on success.
    // One line per server; an error message, or empty when all were saved.
    Q_INVOKABLE QString setIceServers(const QString &stun, const QString &turn,
                                      const QString &dhtBootstrap);
    bool bridgeRunning() const;
    QString bridgeAddress() const;
    // A one-time link for "Open": the browser's command line never holds the token.
    Q_INVOKABLE QString issueBridgePageUrl();
    QString bridgeToken() const;

    // Conversations and messages (appactions.cpp).
    // The same initials everywhere: the sidebar's come from the models.
    Q_INVOKABLE QString initialsOf(const QString &name) const;
    Q_INVOKABLE QString openDirect(const QString &peerId);
    Q_INVOKABLE bool sendMessage(const QString &conversationId, const QString &text,
                                 const QString &replyTo = {});
    Q_INVOKABLE bool editMessage(const QString &uuid, const QString &text);
    Q_INVOKABLE bool deleteMessage(const QString &uuid);
    Q_INVOKABLE void markRead(const QString &conversationId);
    Q_INVOKABLE void setTyping(const QString &conversationId, bool typing);
    Q_INVOKABLE void acceptRequest(const QString &conversationId);
    Q_INVOKABLE void ignoreRequest(const QString &conversationId);
    // Groups (groupactions.cpp). Each returns false / "" and sets lastError when refused.
    Q_INVOKABLE QString createGroup(const QString &name, const QStringList &peerIds);
    Q_INVOKABLE bool inviteToGroup(const QString &groupId, const QStringList &peerIds);
    Q_INVOKABLE bool removeFromGroup(const QString &groupId, const QString &peerId);
    Q_INVOKABLE bool promoteInGroup(const QString &groupId, const QString &peerId);
    Q_INVOKABLE bool renameGroup(const QString &groupId, const QString &name);
    Q_INVOKABLE bool leaveGroup(const QString &groupId);
    // Peers and trust.
    Q_INVOKABLE bool setPeerTrust(const QString &peerId, int trust);
    Q_INVOKABLE bool resolveKeyChange(const QString &presentedId, bool accept);
    Q_INVOKABLE bool connectTo(const QString &target);
    // Desktop glue.
    Q_INVOKABLE void copyText(const QString &text);
    Q_INVOKABLE bool clipboardHasFiles() const;
    Q_INVOKABLE bool setAvatar(const QUrl &imageFile);
    Q_INVOKABLE void clearAvatar();
    Q_INVOKABLE QVariantList savedWindows() const;
    Q_INVOKABLE void saveWindows(const QVariantList &windows);

Q_SIGNALS:
    void displayNameChanged();
    void avatarChanged();
    void lastErrorChanged();
    void totalUnreadChanged();
    void settingsChanged();
    void bridgeChanged();
    // Emitted when a second start on this profile asks the running app to show itself.
    void activationRequested();
    // A group's members, roles or name changed (ours or anyone's change).
    void groupChanged(const QString &groupId);
    // An incoming message was stored: the UI decides whether to notify.
    void messageArrived(const QString &conversationId, const QString &title, const QString &text,
                        bool isRequest);

private:
    explicit AppController(Tincan::Node *node);
    void setLastError(const QString &error);
    void writeSetting(const QString &key, const QJsonValue &value);
    void onMessageAdded(const Tincan::MessageRecord &message);
    QString avatarPath() const;

    Tincan::Node *m_node;
    Tincan::PeersModel *m_peers;
    Tincan::ConversationsModel *m_conversations;
    Tincan::ConversationsModel *m_requests;
    Tincan::KeyChangesModel *m_keyChanges;
    Tincan::SidebarModel *m_sidebar;
    QString m_lastError;
    int m_avatarVersion = 0;
};
