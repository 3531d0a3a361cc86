#pragma once

#include "linkcode.h"

#include <QCborMap>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace Tincan {

class Link;
class SessionManager;
struct DeviceCredential;

// Where the one device linking of this node stands, as the front ends show it.
struct DeviceLinking
{
    enum class Role
    {
        Offer, // this device showed a code: a new device of this person may join
        Join,  // this (new) device joins the account of the device whose code it was given
    };
    enum class Stage
    {
        Waiting,    // Offer: the code is shown, no device has come with it yet
        Connecting, // Join: dialling the device the code names
        Confirm,    // both devices show the confirmation number; each user confirms
        Done,       // the new device is in the account
        Failed,     // see error
    };
    Role role = Role::Offer;
    Stage stage = Stage::Failed;
    QString code;        // Offer: what to enter on the new device
    QDateTime expiresAt; // Offer: when the code stops working
    QString confirmation;
    QString deviceId;   // the other device, once known
    QString deviceName; // its display name, as its hello said
    bool confirmedHere = false;
    bool confirmedThere = false;
    QString error; // Failed: why, in words for the user

    static QString roleName(Role role);
    static QString stageName(Stage stage);
};

struct DeviceLinkTiming
{
    std::chrono::milliseconds codeLifetime{std::chrono::minutes(10)};
    // From a device coming with the code to the end: the users' confirmations included.
    std::chrono::milliseconds confirmWithin{std::chrono::minutes(5)};
};

// Links a new device into this person's account (protocol.md, "Linking a device"), either
// side, one linking at a time. The device that shows the code grants: once both users have
// confirmed the same number, it adds the new device to the signed list and hands over the
// account key and the list, inside a TLS link whose keys the code pins (one way) and the
// secret's proof binds (the other). What joining and granting do to the account is the node's
// (the callbacks), so that this class holds no key.
class DeviceLinker : public QObject
{
    Q_OBJECT
public:
    struct Grant
    {
        QByteArray keyPem;
        QCborMap deviceList; // signed, naming the new device
    };
    struct Hooks
    {
        // Offer side: adds the device (as its link proved it) to the account; nullopt with
        // *error when it cannot.
        std::function<std::optional<Grant>(const DeviceCredential &device, QString *error)> grant;
        // Join side: makes the account given by `from` (reachable at `address`) this profile's;
        // false with *error.
        std::function<bool(const Grant &grant, const DeviceCredential &from, const QString &address,
                           QString *error)>
            adopt;
    };
    using Timing = DeviceLinkTiming;

    DeviceLinker(SessionManager &sessions, QString selfId, Hooks hooks, Timing timing = {},
                 QObject *parent = nullptr);
    ~DeviceLinker() override;

    // Shows a new code for this device at these addresses; a linking under way is cancelled.
    DeviceLinking offer(const QStringList &addresses);
    // Joins with a code entered by the user; false with *error for a code that is no code.
    bool join(const QString &codeText, QString *error);
    // The user's answer to the confirmation number. False with *error when nothing awaits one.
    bool confirm(bool accept, QString *error);
    void cancel();
    // nullopt before the first offer or join.
    std::optional<DeviceLinking> state() const { return m_state; }

Q_SIGNALS:
    void changed();
    // Offer side: a device joined the account (the list is signed and stored by then).
    void deviceAdded(const QString &deviceId);

private:
    void onOffered(Link *link);
    void onReady(Link *link);
    void take(Link *link);
    void dialNext();
    void onFrame(const QCborMap &frame);
    void onRequest(const QCborMap &frame);
    void onGrant(const QCborMap &frame);
    void maybeGrant();
    void fail(const QString &error, const QString &toOther = {});
    void finish();
    void update();

    SessionManager &m_sessions;
    QString m_selfId;
    Hooks m_hooks;
    Timing m_timing;
    std::optional<DeviceLinking> m_state;
    std::optional<LinkCode> m_code;
    QStringList m_toDial; // Join: addresses of the code not tried yet
    QPointer<Link> m_link;
    QTimer m_deadline;
};

} // namespace Tincan
