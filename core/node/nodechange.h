#pragma once

#include <QMetaType>
#include <QString>

namespace Tincan {

// What a change touched, so that each front end (the desktop's models, the bridge's event feed)
// re-reads only what it shows. Node::changed carries one per thing changed, after the store
// holds it.
enum class ChangeKind
{
    Peer,          // id: the peer whose record changed (alias, trust, contact, pinned key)
    Conversations, // the conversation list (request answered, title, unread); id: one of them
    KeyChanges,    // id: the presented key whose pending key change was resolved
    Setting,       // id: the setting's key
    Profile,       // this profile's own display name
    Mailbox,       // the mailbox in use, its answer, or what this node holds as one
    Devices,       // this person's devices, or the device linking under way
};

struct NodeChange
{
    ChangeKind kind;
    QString id;
};

} // namespace Tincan

Q_DECLARE_METATYPE(Tincan::NodeChange)
