#include "appcontroller.h"

#include "groups/groupmanager.h"

#include "bridge/bridge.h"
#include "chat/messenger.h"
#include "crypto/fingerprint.h"
#include "iconprovider.h"
#include "models/conversationsmodel.h"
#include "models/keychangesmodel.h"
#include "models/messageformat.h"
#include "models/peersmodel.h"
#include "models/sidebarmodel.h"
#include "node/node.h"
#include "nodehandle.h"
#include "version.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonValue>
#include <QTimer>

AppController *AppController::create(QQmlEngine *qmlEngine, QJSEngine *jsEngine)
{
    Q_UNUSED(jsEngine)
    if (!qmlEngine->imageProvider(IconProvider::name()))
        qmlEngine->addImageProvider(IconProvider::name(), new IconProvider);
    // One per engine, owned by it (a singleton's default): windows and the tray share it.
    auto *controller = new AppController(&NodeHandle::of(qmlEngine));
    // Chat windows may be closed while the main window sits in the tray: only the main
    // window's close (or Quit) ends the app.
    QGuiApplication::setQuitOnLastWindowClosed(false);
    return controller;
}

AppController::AppController(Tincan::Node *node)
    : m_node(node)
    , m_peers(new Tincan::PeersModel(*node, this))
    , m_conversations(
          new Tincan::ConversationsModel(*node, Tincan::ConversationFilter::Inbox, this))
    , m_requests(new Tincan::ConversationsModel(*node, Tincan::ConversationFilter::Requests, this))
    , m_keyChanges(new Tincan::KeyChangesModel(*node, this))
    , m_sidebar(new Tincan::SidebarModel(
          {{m_requests, QStringLiteral("requests"), QStringLiteral("conversation"), false},
           {m_conversations, QStringLiteral("chats"), QStringLiteral("conversation"), true},
           {m_peers, QStringLiteral("people"), QStringLiteral("peer"), true}},
          this))
{
    connect(m_node, &Tincan::Node::changed, this, [this](const Tincan::NodeChange &change) {
        if (change.kind == Tincan::ChangeKind::Profile)
            Q_EMIT displayNameChanged();
        if (change.kind != Tincan::ChangeKind::Setting)
            return;
        Q_EMIT settingsChanged();
        // The node applies bridge settings on its next event-loop turn; look after that.
        if (change.id.startsWith(QLatin1String("bridge")))
            QTimer::singleShot(0, this, &AppController::bridgeChanged);
    });
    connect(m_conversations, &Tincan::ConversationsModel::totalUnreadChanged, this,
            &AppController::totalUnreadChanged);
    connect(m_requests, &Tincan::ConversationsModel::countChanged, this,
            &AppController::totalUnreadChanged);
    connect(&m_node->messenger(), &Tincan::Messenger::messageAdded, this,
            &AppController::onMessageAdded);
    connect(&m_node->groups(), &Tincan::GroupManager::groupChanged, this,
            &AppController::groupChanged);
}

QString AppController::appName() const
{
    return QStringLiteral("Tincan");
}

QString AppController::version() const
{
    return QStringLiteral(TINCAN_VERSION_STRING);
}

QString AppController::displayName() const
{
    return m_node->displayName();
}

void AppController::setDisplayName(const QString &name)
{
    QString error;
    if (!m_node->setDisplayName(name, &error))
        setLastError(error);
}

QString AppController::initials() const
{
    return Tincan::MessageFormat::initials(displayName());
}

QString AppController::selfId() const
{
    return m_node->id();
}

QString AppController::fingerprint() const
{
    return Tincan::groupedFingerprint(m_node->id());
}

QString AppController::inviteLink() const
{
    return m_node->inviteLink();
}

QString AppController::profileDir() const
{
    return m_node->profile().dir();
}

int AppController::port() const
{
    return m_node->port();
}

QString AppController::avatarPath() const
{
    return m_node->profile().filePath(QStringLiteral("avatar.png"));
}

QUrl AppController::avatarUrl() const
{
    if (!QFileInfo::exists(avatarPath()))
        return {};
    // The version makes the Image reload after a change: it caches by URL.
    QUrl url = QUrl::fromLocalFile(avatarPath());
    url.setQuery(QStringLiteral("v=%1").arg(m_avatarVersion));
    return url;
}

QAbstractItemModel *AppController::peers() const
{
    return m_peers;
}

QAbstractItemModel *AppController::conversations() const
{
    return m_conversations;
}

QAbstractItemModel *AppController::requests() const
{
    return m_requests;
}

QAbstractItemModel *AppController::sidebar() const
{
    return m_sidebar;
}

QAbstractItemModel *AppController::keyChanges() const
{
    return m_keyChanges;
}

// Requests count once each: their senders are not contacts, so their unread counts would mostly
// measure how chatty a stranger is.
int AppController::totalUnread() const
{
    return m_conversations->totalUnread() + m_requests->count();
}

// Every failed call announces its error, also when it is the same as the last one: a user who
// tries twice and fails twice is told twice.
void AppController::setLastError(const QString &error)
{
    m_lastError = error.isEmpty() ? tr("That did not work.") : error;
    Q_EMIT lastErrorChanged();
}

void AppController::writeSetting(const QString &key, const QJsonValue &value)
{
    if (m_node->setting(key) == value)
        return;
    QString error;
    if (!m_node->setSetting(key, value, &error))
        setLastError(error);
}

QString AppController::theme() const
{
    return m_node->setting(QStringLiteral("theme")).toString(); // one of the schema's choices
}

void AppController::setTheme(const QString &theme)
{
    writeSetting(QStringLiteral("theme"), theme);
}

bool AppController::notifications() const
{
    return m_node->setting(QStringLiteral("notifications")).toBool();
}

void AppController::setNotifications(bool on)
{
    writeSetting(QStringLiteral("notifications"), on);
}

bool AppController::internet() const
{
    return m_node->setting(QStringLiteral("internet")).toBool();
}

void AppController::setInternet(bool on)
{
    writeSetting(QStringLiteral("internet"), on);
}

namespace {
QString lines(const QJsonValue &list)
{
    QStringList out;
    for (const QJsonValue &item : list.toArray())
        out << item.toString();
    return out.join(u'\n');
}

QJsonArray entries(const QString &text)
{
    QJsonArray out;
    for (const QString &line : text.split(u'\n')) {
        if (!line.trimmed().isEmpty())
            out.append(line.trimmed());
    }
    return out;
}
} // namespace

QString AppController::stunServers() const
{
    return lines(m_node->setting(QStringLiteral("stunServers")));
}

QString AppController::turnServers() const
{
    return lines(m_node->setting(QStringLiteral("turnServers")));
}

QString AppController::dhtBootstrap() const
{
    return lines(m_node->setting(QStringLiteral("dhtBootstrap")));
}

QString AppController::setIceServers(const QString &stun, const QString &turn,
                                     const QString &dhtBootstrap)
{
    QString error;
    if (!m_node->setSetting(QStringLiteral("stunServers"), entries(stun), &error) ||
        !m_node->setSetting(QStringLiteral("turnServers"), entries(turn), &error) ||
        !m_node->setSetting(QStringLiteral("dhtBootstrap"), entries(dhtBootstrap), &error))
        return error;
    return {};
}

bool AppController::readReceipts() const
{
    return m_node->setting(QStringLiteral("readReceipts")).toBool();
}

void AppController::setReadReceipts(bool on)
{
    writeSetting(QStringLiteral("readReceipts"), on);
}

bool AppController::closeToTray() const
{
    return m_node->setting(QStringLiteral("closeToTray")).toBool();
}

void AppController::setCloseToTray(bool on)
{
    writeSetting(QStringLiteral("closeToTray"), on);
}

bool AppController::acceptEveryone() const
{
    return m_node->setting(QStringLiteral("acceptEveryone")).toBool();
}

void AppController::setAcceptEveryone(bool on)
{
    writeSetting(QStringLiteral("acceptEveryone"), on);
}

bool AppController::bridgeEnabled() const
{
    return m_node->setting(QStringLiteral("bridgeEnabled")).toBool();
}

void AppController::setBridgeEnabled(bool on)
{
    writeSetting(QStringLiteral("bridgeEnabled"), on);
}

int AppController::bridgePort() const
{
    return m_node->setting(QStringLiteral("bridgePort")).toInt();
}

void AppController::setBridgePort(int port)
{
    writeSetting(QStringLiteral("bridgePort"), std::clamp(port, 0, 65535));
}

bool AppController::bridgeRunning() const
{
    return m_node->bridge() != nullptr;
}

QString AppController::bridgeAddress() const
{
    const Tincan::Bridge *bridge = m_node->bridge();
    return bridge ? QStringLiteral("http://127.0.0.1:%1/").arg(bridge->port()) : QString();
}

QString AppController::issueBridgePageUrl()
{
    Tincan::Bridge *bridge = m_node->bridge();
    return bridge ? bridge->issuePageUrl() : QString();
}

QString AppController::bridgeToken() const
{
    const Tincan::Bridge *bridge = m_node->bridge();
    return bridge ? QString::fromLatin1(bridge->token()) : QString();
}
