#pragma once

#include "files/transfertypes.h"
#include "groups/groupfold.h"
#include "net/trustpolicy.h"
#include "store/conversationrepository.h"
#include "store/outbox.h"
#include "store/storetypes.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace Tincan {

class Node;

// The JSON shapes of the local API (docs/api.md), shared by the REST answers and the
// WebSocket events so that both describe a peer or a message the same way.
class ApiJson
{
public:
    explicit ApiJson(Node &node);

    QJsonObject identity() const;
    QJsonObject peer(const PeerRecord &peer);
    // nullopt when the id is unknown; a peer the store does not know yet but that is online
    // (a session exists) is still described, from the session.
    std::optional<QJsonObject> peer(const QString &id);
    QJsonObject conversation(const ConversationSummary &summary) const;
    QJsonObject message(const MessageRecord &message) const;
    static QJsonObject keyChange(const KeyChangeEvent &event);
    // apijsongroups.cpp
    QJsonObject group(const QString &groupId, const GroupState &state);
    QJsonObject delivery(const QString &uuid, const QList<Receipt> &receipts);
    static QString roleName(GroupRole role);
    QString nameOf(const QString &peerId) const;
    // A group event line in words (core/groups/groupeventline.h), in this node's language.
    QString eventText(const QString &body) const;
    static QJsonObject transfer(const TransferInfo &info);

    static QJsonValue time(const QDateTime &time); // ISO 8601 UTC with ms, or null
    static QString trustName(Trust trust);
    static std::optional<Trust> parseTrust(const QString &name);
    static QString stateName(MessageState state);
    static QString requestStateName(RequestState state);
    static QString kindName(MessageKind kind);
    static std::optional<ConversationFilter> parseFilter(const QString &name);
    static QString displayNameOf(const PeerRecord &peer);

private:
    QString safetyNumber(const QByteArray &peerCertificateDer);

    Node &m_node;
    QHash<QByteArray, QString> m_safetyNumbers; // by peer certificate DER: 5200 SHA-512 rounds
};

} // namespace Tincan
