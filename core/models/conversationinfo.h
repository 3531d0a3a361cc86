#pragma once

#include <QObject>

namespace Tincan {

class Node;

// One conversation as its header, banners and composer show it, as an object whose properties
// notify: it follows the node's change signal, the peer's link and the group's changes, so the
// view never asks again by hand. exists is false for an unknown id.
class ConversationInfo : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString conversationId READ conversationId WRITE setConversationId NOTIFY
                   conversationIdChanged)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(QString peerId READ peerId NOTIFY changed) // empty for a group
    Q_PROPERTY(bool isGroup READ isGroup NOTIFY changed)
    // A group we left or were removed from stays readable, but nothing can be sent to it.
    Q_PROPERTY(bool isMember READ isMember NOTIFY changed)
    Q_PROPERTY(bool isRequest READ isRequest NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(int trust READ trust NOTIFY changed) // Tincan::Trust of the peer
    Q_PROPERTY(bool online READ online NOTIFY changed)
    // How the session runs: "lan", "direct" (across networks), "relayed" (TURN); "" offline.
    Q_PROPERTY(QString linkKind READ linkKind NOTIFY changed)

public:
    explicit ConversationInfo(Node &node, QObject *parent = nullptr);

    QString conversationId() const { return m_id; }
    void setConversationId(const QString &id);
    bool exists() const { return m_state.exists; }
    QString peerId() const { return m_state.peerId; }
    bool isGroup() const { return m_state.isGroup; }
    bool isMember() const { return m_state.isMember; }
    bool isRequest() const { return m_state.isRequest; }
    QString title() const { return m_state.title; }
    int trust() const { return m_state.trust; }
    bool online() const { return m_state.online; }
    QString linkKind() const { return m_state.linkKind; }

Q_SIGNALS:
    void conversationIdChanged();
    void changed(); // any property but conversationId, once per difference

protected:
    // For QML types: they find the node on their engine (qml/nodehandle.h) and attach it
    // before any property is set.
    explicit ConversationInfo(QObject *parent);
    void attach(Node &node);

private:
    struct State
    {
        bool exists = false;
        QString peerId;
        bool isGroup = false;
        bool isMember = false;
        bool isRequest = false;
        QString title;
        int trust = 0;
        bool online = false;
        QString linkKind;
        bool operator==(const State &) const = default;
    };
    State read() const;
    void reread();

    Node *m_node = nullptr;
    QString m_id;
    State m_state;
};

} // namespace Tincan
