#pragma once

#include <QObject>
#include <QVariantList>
#include <QVariantMap>

namespace Tincan {

class Node;

// This person's devices for the settings page, as an object whose properties notify: the
// account's devices, and the one device linking under way (a code shown here, or this new
// device joining another's account). It follows the node's change signal and links coming and
// going. Its actions are the node's use cases.
class DevicesInfo : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString accountId READ accountId NOTIFY changed)
    // [{id, name, thisDevice, online}], in the order of the signed list
    Q_PROPERTY(QVariantList devices READ devices NOTIFY changed)
    Q_PROPERTY(bool revoked READ revoked NOTIFY changed)
    // A new profile, which may join another device's account (Node::canJoinAccount).
    Q_PROPERTY(bool canJoin READ canJoin NOTIFY changed)
    // "" (none yet), "offer" or "join"; stage: "waiting", "connecting", "confirm", "done",
    // "failed" (protocol.md, "Linking a device").
    Q_PROPERTY(QString linkingRole READ linkingRole NOTIFY changed)
    Q_PROPERTY(QString linkingStage READ linkingStage NOTIFY changed)
    Q_PROPERTY(QString code READ code NOTIFY changed)
    Q_PROPERTY(QString confirmation READ confirmation NOTIFY changed)
    Q_PROPERTY(QString otherDeviceName READ otherDeviceName NOTIFY changed)
    Q_PROPERTY(bool confirmedHere READ confirmedHere NOTIFY changed)
    Q_PROPERTY(QString linkingError READ linkingError NOTIFY changed)
    // The history this device gets from the device that linked it: messages so far, of how
    // many, and whether it is all here (historyTotal -1: none asked).
    Q_PROPERTY(qint64 historyReceived READ historyReceived NOTIFY changed)
    Q_PROPERTY(qint64 historyTotal READ historyTotal NOTIFY changed)
    Q_PROPERTY(bool historyDone READ historyDone NOTIFY changed)

public:
    explicit DevicesInfo(Node &node, QObject *parent = nullptr);

    QString accountId() const { return value("accountId").toString(); }
    QVariantList devices() const { return value("devices").toList(); }
    bool revoked() const { return value("revoked").toBool(); }
    bool canJoin() const { return value("canJoin").toBool(); }
    QString linkingRole() const { return value("role").toString(); }
    QString linkingStage() const { return value("stage").toString(); }
    QString code() const { return value("code").toString(); }
    QString confirmation() const { return value("confirmation").toString(); }
    QString otherDeviceName() const { return value("otherName").toString(); }
    bool confirmedHere() const { return value("confirmedHere").toBool(); }
    QString linkingError() const { return value("error").toString(); }
    qint64 historyReceived() const { return value("historyReceived").toLongLong(); }
    qint64 historyTotal() const
    {
        return m_data.value(QStringLiteral("historyTotal"), -1).toLongLong();
    }
    bool historyDone() const { return value("historyDone").toBool(); }

    // Each false with lastError() set when refused.
    Q_INVOKABLE bool linkNewDevice();
    Q_INVOKABLE bool join(const QString &code);
    Q_INVOKABLE bool confirm(bool accept);
    Q_INVOKABLE void cancel();
    Q_INVOKABLE bool revoke(const QString &deviceId);
    Q_INVOKABLE QString lastError() const { return m_error; }

Q_SIGNALS:
    void changed();

protected:
    // For the QML type: it finds the node on its engine and attaches it (qml/qmlmodels.h).
    explicit DevicesInfo(QObject *parent);
    void attach(Node &node);

private:
    QVariant value(const char *key) const { return m_data.value(QLatin1String(key)); }
    void reread();

    Node *m_node = nullptr;
    QVariantMap m_data;
    QString m_error;
};

} // namespace Tincan
