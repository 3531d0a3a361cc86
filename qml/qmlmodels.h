#pragma once

#include "appcontroller.h"
#include "models/conversationinfo.h"
#include "models/groupmembersmodel.h"
#include "models/messagesmodel.h"
#include "models/peerinfo.h"
#include "models/searchresultsmodel.h"

#include <QQmlEngine>

// The per-view models, creatable in QML; they work on the node that App wraps.
class QmlMessagesModel : public Tincan::MessagesModel
{
    Q_OBJECT
    QML_NAMED_ELEMENT(MessagesModel)
public:
    explicit QmlMessagesModel(QObject *parent = nullptr)
        : Tincan::MessagesModel(*AppController::node(), parent)
    {}
};

class QmlSearchResultsModel : public Tincan::SearchResultsModel
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SearchResultsModel)
public:
    explicit QmlSearchResultsModel(QObject *parent = nullptr)
        : Tincan::SearchResultsModel(*AppController::node(), parent)
    {}
};

class QmlGroupMembersModel : public Tincan::GroupMembersModel
{
    Q_OBJECT
    QML_NAMED_ELEMENT(GroupMembersModel)
public:
    explicit QmlGroupMembersModel(QObject *parent = nullptr)
        : Tincan::GroupMembersModel(*AppController::node(), parent)
    {}
};

// One peer or one conversation as objects with notifying properties, for the views that show
// one of them (PeerPage, ConversationView): bind to them, never ask again by hand.
class QmlPeerInfo : public Tincan::PeerInfo
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PeerInfo)
public:
    explicit QmlPeerInfo(QObject *parent = nullptr)
        : Tincan::PeerInfo(*AppController::node(), parent)
    {}
};

class QmlConversationInfo : public Tincan::ConversationInfo
{
    Q_OBJECT
    QML_NAMED_ELEMENT(ConversationInfo)
public:
    explicit QmlConversationInfo(QObject *parent = nullptr)
        : Tincan::ConversationInfo(*AppController::node(), parent)
    {}
};
