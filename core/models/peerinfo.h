#pragma once

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

namespace Tincan {

class Node;

// One peer as a page shows it (PeerDetails::describe), as an object whose properties notify:
// it follows the node's change signal, the peer's link and what discovery hears of it, so a
// view binds to it and never asks again by hand. Empty (exists false) for an unknown peer.
class PeerInfo : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString peerId READ peerId WRITE setPeerId NOTIFY peerIdChanged)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(bool known READ known NOTIFY changed) // in the store, not only heard on the LAN
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(QString fingerprint READ fingerprint NOTIFY changed)
    Q_PROPERTY(QString safetyNumber READ safetyNumber NOTIFY changed)
    Q_PROPERTY(int trust READ trust NOTIFY changed) // Tincan::Trust
    Q_PROPERTY(bool online READ online NOTIFY changed)
    Q_PROPERTY(bool nearby READ nearby NOTIFY changed)
    Q_PROPERTY(bool contact READ contact NOTIFY changed)
    Q_PROPERTY(QStringList addresses READ addresses NOTIFY changed)
    Q_PROPERTY(QDateTime lastSeen READ lastSeen NOTIFY changed)

public:
    explicit PeerInfo(Node &node, QObject *parent = nullptr);

    QString peerId() const { return m_peerId; }
    void setPeerId(const QString &peerId);
    bool exists() const { return !m_data.isEmpty(); }
    bool known() const { return value("known").toBool(); }
    QString name() const { return value("name").toString(); }
    QString fingerprint() const { return value("fingerprint").toString(); }
    QString safetyNumber() const { return value("safetyNumber").toString(); }
    int trust() const { return value("trust").toInt(); }
    bool online() const { return value("online").toBool(); }
    bool nearby() const { return value("nearby").toBool(); }
    bool contact() const { return value("contact").toBool(); }
    QStringList addresses() const { return value("addresses").toStringList(); }
    QDateTime lastSeen() const { return value("lastSeen").toDateTime(); }

Q_SIGNALS:
    void peerIdChanged();
    void changed(); // any property but peerId, once per change of what the store says

protected:
    // For QML types: they find the node on their engine (qml/nodehandle.h) and attach it
    // before any property is set.
    explicit PeerInfo(QObject *parent);
    void attach(Node &node);

private:
    QVariant value(const char *key) const { return m_data.value(QLatin1String(key)); }
    void reread(const QString &peerId);

    Node *m_node = nullptr;
    QString m_peerId;
    QVariantMap m_data;
};

} // namespace Tincan
