#pragma once

#include <QObject>
#include <QTimer>
#include <QVariantMap>

namespace Tincan {

class Node;

// This node's mailboxes for the settings page, as an object whose properties notify: the one it
// uses and its answer, what waits for offline contacts, and this node as a mailbox. It follows
// the node's change signal, links coming and going and delivery states, so a view binds to it.
// Its actions are the node's use cases and settings.
class MailboxInfo : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString mailboxId READ mailboxId NOTIFY changed)
    Q_PROPERTY(QString mailboxName READ mailboxName NOTIFY changed)
    Q_PROPERTY(int state READ state NOTIFY changed) // Tincan::Courier::MailboxState
    Q_PROPERTY(bool mailboxOnline READ mailboxOnline NOTIFY changed)
    Q_PROPERTY(int waiting READ waiting NOTIFY changed)     // messages for offline contacts
    Q_PROPERTY(int deposited READ deposited NOTIFY changed) // of those, held by a mailbox
    Q_PROPERTY(QString heldReason READ heldReason NOTIFY changed)
    Q_PROPERTY(bool offered READ offered NOTIFY changed)
    Q_PROPERTY(bool offerForced READ offerForced NOTIFY changed) // --mailbox
    Q_PROPERTY(int quotaMiB READ quotaMiB NOTIFY changed)
    Q_PROPERTY(int owners READ owners NOTIFY changed)
    Q_PROPERTY(int envelopes READ envelopes NOTIFY changed) // held here, for all owners

public:
    explicit MailboxInfo(Node &node, QObject *parent = nullptr);

    QString mailboxId() const { return value("mailboxId").toString(); }
    QString mailboxName() const { return value("mailboxName").toString(); }
    int state() const { return value("state").toInt(); }
    bool mailboxOnline() const { return value("mailboxOnline").toBool(); }
    int waiting() const { return value("waiting").toInt(); }
    int deposited() const { return value("deposited").toInt(); }
    QString heldReason() const { return value("heldReason").toString(); }
    bool offered() const { return value("offered").toBool(); }
    bool offerForced() const { return value("offerForced").toBool(); }
    int quotaMiB() const { return value("quotaMiB").toInt(); }
    int owners() const { return value("owners").toInt(); }
    int envelopes() const { return value("envelopes").toInt(); }

    // Empty peerId: no mailbox. False with lastError set when refused.
    Q_INVOKABLE bool use(const QString &peerId);
    Q_INVOKABLE bool setOffered(bool offered);
    Q_INVOKABLE bool setQuotaMiB(int mebibytes);
    Q_INVOKABLE QString lastError() const { return m_error; }

Q_SIGNALS:
    void changed();

protected:
    // For the QML type: it finds the node on its engine and attaches it (qml/qmlmodels.h).
    explicit MailboxInfo(QObject *parent);
    void attach(Node &node);

private:
    QVariant value(const char *key) const { return m_data.value(QLatin1String(key)); }
    void reread();
    void scheduleReread();
    bool setSetting(const QString &key, const QJsonValue &value);

    Node *m_node = nullptr;
    QVariantMap m_data;
    QString m_error;
    QTimer m_rereadTimer;
};

} // namespace Tincan
