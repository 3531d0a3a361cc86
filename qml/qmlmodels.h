#pragma once

#include "models/conversationinfo.h"
#include "models/devicesinfo.h"
#include "models/groupmembersmodel.h"
#include "models/mailboxinfo.h"
#include "models/messagesmodel.h"
#include "models/peerinfo.h"
#include "models/searchresultsmodel.h"

#include "nodehandle.h"

#include "mailbox/courier.h"

#include <QQmlEngine>
#include <QQmlParserStatus>

// The per-view models, creatable in QML. Each finds its engine's node in classBegin(), which QML
// calls before it sets any property.
class QmlMessagesModel : public Tincan::MessagesModel, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(MessagesModel)
public:
    explicit QmlMessagesModel(QObject *parent = nullptr)
        : Tincan::MessagesModel(parent)
    {}
    void classBegin() override { attach(NodeHandle::of(qmlEngine(this))); }
    void componentComplete() override {}
};

class QmlSearchResultsModel : public Tincan::SearchResultsModel, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(SearchResultsModel)
public:
    explicit QmlSearchResultsModel(QObject *parent = nullptr)
        : Tincan::SearchResultsModel(parent)
    {}
    void classBegin() override { attach(NodeHandle::of(qmlEngine(this))); }
    void componentComplete() override {}
};

class QmlGroupMembersModel : public Tincan::GroupMembersModel, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(GroupMembersModel)
public:
    explicit QmlGroupMembersModel(QObject *parent = nullptr)
        : Tincan::GroupMembersModel(parent)
    {}
    void classBegin() override { attach(NodeHandle::of(qmlEngine(this))); }
    void componentComplete() override {}
};

// One peer or one conversation as objects with notifying properties, for the views that show
// one of them (PeerPage, ConversationView): bind to them, never ask again by hand.
class QmlPeerInfo : public Tincan::PeerInfo, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(PeerInfo)
public:
    explicit QmlPeerInfo(QObject *parent = nullptr)
        : Tincan::PeerInfo(parent)
    {}
    void classBegin() override { attach(NodeHandle::of(qmlEngine(this))); }
    void componentComplete() override {}
};

class QmlConversationInfo : public Tincan::ConversationInfo, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(ConversationInfo)
public:
    explicit QmlConversationInfo(QObject *parent = nullptr)
        : Tincan::ConversationInfo(parent)
    {}
    void classBegin() override { attach(NodeHandle::of(qmlEngine(this))); }
    void componentComplete() override {}
};

class QmlMailboxInfo : public Tincan::MailboxInfo, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(MailboxInfo)
public:
    explicit QmlMailboxInfo(QObject *parent = nullptr)
        : Tincan::MailboxInfo(parent)
    {}
    void classBegin() override { attach(NodeHandle::of(qmlEngine(this))); }
    void componentComplete() override {}
};

class QmlDevicesInfo : public Tincan::DevicesInfo, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(DevicesInfo)
public:
    explicit QmlDevicesInfo(QObject *parent = nullptr)
        : Tincan::DevicesInfo(parent)
    {}
    void classBegin() override { attach(NodeHandle::of(qmlEngine(this))); }
    void componentComplete() override {}
};

// Courier.Accepted and the other states of MailboxInfo.state, for QML.
struct QmlCourier
{
    Q_GADGET
    QML_FOREIGN(Tincan::Courier)
    QML_NAMED_ELEMENT(Courier)
    QML_UNCREATABLE("only its states are for QML")
};
