#include "devicelinker.h"

#include "net/invitelink.h"
#include "net/link.h"
#include "net/protocol.h"
#include "net/sessionmanager.h"
#include "util/logging.h"

#include <QCborValue>

#include <openssl/crypto.h>

namespace Tincan {

namespace {
namespace Frame {
const QString Request = QStringLiteral("lreq"); // {p: proof}
const QString Ok = QStringLiteral("lok");       // the joiner's user confirmed
const QString Grant = QStringLiteral("lgrant"); // {key: PEM, acct: signed list}
const QString Done = QStringLiteral("ldone");   // the joiner took the account
const QString Fail = QStringLiteral("lfail");   // {why: text}; the sender closes
} // namespace Frame
constexpr qsizetype MaxKeyPem = 1024;
constexpr qsizetype MaxWhy = 200;

QCborMap frame(const QString &type,
               std::initializer_list<std::pair<QString, QCborValue>> fields = {})
{
    QCborMap map;
    map.insert(QStringLiteral("t"), type);
    for (const auto &[key, value] : fields)
        map.insert(key, value);
    return map;
}
} // namespace

QString DeviceLinking::roleName(Role role)
{
    return role == Role::Offer ? QStringLiteral("offer") : QStringLiteral("join");
}

QString DeviceLinking::stageName(Stage stage)
{
    switch (stage) {
    case Stage::Waiting:
        return QStringLiteral("waiting");
    case Stage::Connecting:
        return QStringLiteral("connecting");
    case Stage::Confirm:
        return QStringLiteral("confirm");
    case Stage::Done:
        return QStringLiteral("done");
    case Stage::Failed:
        break;
    }
    return QStringLiteral("failed");
}

DeviceLinker::DeviceLinker(SessionManager &sessions, QString selfId, Hooks hooks, Timing timing,
                           QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_selfId(std::move(selfId))
    , m_hooks(std::move(hooks))
    , m_timing(timing)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(m_state && m_state->stage == DeviceLinking::Stage::Waiting
                 ? QStringLiteral("the code expired; make a new one")
                 : QStringLiteral("the linking took too long; start again"),
             QStringLiteral("the linking took too long"));
    });
    connect(&m_sessions, &SessionManager::deviceLinkOffered, this, &DeviceLinker::onOffered);
    connect(&m_sessions, &SessionManager::deviceLinkReady, this, &DeviceLinker::onReady);
}

DeviceLinker::~DeviceLinker()
{
    if (m_link) { // deleted with this object, as its child
        disconnect(m_link, nullptr, this, nullptr);
        m_link->close(QStringLiteral("shutting down"));
    }
}

DeviceLinking DeviceLinker::offer(const QStringList &addresses)
{
    cancel();
    m_code = LinkCode::make(m_selfId, addresses);
    DeviceLinking state;
    state.role = DeviceLinking::Role::Offer;
    state.stage = DeviceLinking::Stage::Waiting;
    state.code = m_code->toString();
    state.expiresAt = QDateTime::currentDateTimeUtc().addMSecs(m_timing.codeLifetime.count());
    m_state = state;
    m_deadline.start(m_timing.codeLifetime);
    qCInfo(lcNet) << "a device link code is shown; it works once, for"
                  << m_timing.codeLifetime.count() / 1000 << "s";
    update();
    return state;
}

bool DeviceLinker::join(const QString &codeText, QString *error)
{
    auto code = LinkCode::parse(codeText, error);
    if (!code)
        return false;
    if (code->deviceId == m_selfId) {
        *error = QStringLiteral("this code was made on this device; enter it on the new one");
        return false;
    }
    cancel();
    m_code = std::move(code);
    DeviceLinking state;
    state.role = DeviceLinking::Role::Join;
    state.stage = DeviceLinking::Stage::Connecting;
    state.deviceId = m_code->deviceId;
    m_state = state;
    m_toDial = m_code->addresses;
    m_deadline.start(m_timing.confirmWithin);
    update();
    dialNext();
    return true;
}

void DeviceLinker::dialNext()
{
    if (!m_state || m_state->stage != DeviceLinking::Stage::Connecting)
        return;
    if (m_toDial.isEmpty()) {
        fail(QStringLiteral("the other device could not be reached at %1")
                 .arg(m_code->addresses.join(QStringLiteral(", "))));
        return;
    }
    QString ignored;
    const auto target = parseConnectTarget(m_toDial.takeFirst(), &ignored);
    Link *link = target ? m_sessions.dialForDeviceLink(target->host, target->port, m_code->deviceId,
                                                       m_code->tag())
                        : nullptr;
    if (!link) {
        dialNext();
        return;
    }
    // Closed before it was handed over: that address did not lead to the device.
    connect(link, &Link::closed, this, [this, link](const QString &reason) {
        if (m_link != link) {
            qCInfo(lcNet).noquote() << "device link dial" << link->target() << "failed:" << reason;
            QMetaObject::invokeMethod(this, &DeviceLinker::dialNext, Qt::QueuedConnection);
        }
    });
}

void DeviceLinker::onOffered(Link *link)
{
    const bool waiting = m_state && m_state->role == DeviceLinking::Role::Offer &&
                         m_state->stage == DeviceLinking::Stage::Waiting && !m_link;
    if (!waiting || link->remote().hello.linkOffer != m_code->tag()) {
        qCWarning(lcNet).noquote()
            << "refusing a device link request from" << link->deviceId().left(12) << "at"
            << link->path().endpoint() << ": its code is unknown, used or expired";
        link->send(frame(Frame::Fail, {{QStringLiteral("why"),
                                        QStringLiteral("the code is unknown, used or expired")}}));
        link->close(QStringLiteral("device link code unknown, used or expired"));
        link->deleteLater();
        return;
    }
    take(link);
    m_state->deviceId = link->deviceId();
    m_state->deviceName = link->remote().hello.name;
    m_deadline.start(m_timing.confirmWithin);
}

void DeviceLinker::onReady(Link *link)
{
    if (!m_state || m_state->role != DeviceLinking::Role::Join ||
        m_state->stage != DeviceLinking::Stage::Connecting || m_link) {
        link->close(QStringLiteral("no device linking is under way"));
        link->deleteLater();
        return;
    }
    take(link);
    m_state->deviceName = link->remote().hello.name;
    m_state->stage = DeviceLinking::Stage::Confirm;
    m_state->confirmation = m_code->confirmation(m_selfId);
    link->send(frame(Frame::Request, {{QStringLiteral("p"), m_code->proof(m_selfId)}}));
    update();
}

void DeviceLinker::take(Link *link)
{
    link->setParent(this);
    m_link = link;
    connect(link, &Link::messageReceived, this, &DeviceLinker::onFrame);
    connect(link, &Link::closed, this, [this](const QString &reason) {
        if (m_state && m_state->stage != DeviceLinking::Stage::Done &&
            m_state->stage != DeviceLinking::Stage::Failed)
            fail(QStringLiteral("the link to the other device closed: %1").arg(reason));
        if (m_link)
            m_link->deleteLater();
        m_link = nullptr;
    });
}

void DeviceLinker::onFrame(const QCborMap &map)
{
    const QString type = Protocol::typeOf(map);
    if (type == Frame::Fail) {
        const QString why = map.value(QStringLiteral("why")).toString().left(MaxWhy);
        fail(QStringLiteral("the other device refused: %1").arg(why.simplified()));
    } else if (type == Frame::Request) {
        onRequest(map);
    } else if (type == Frame::Ok && m_state && m_state->stage == DeviceLinking::Stage::Confirm &&
               m_state->role == DeviceLinking::Role::Offer) {
        m_state->confirmedThere = true;
        update();
        maybeGrant();
    } else if (type == Frame::Grant) {
        onGrant(map);
    } else if (type == Frame::Done && m_state && m_state->role == DeviceLinking::Role::Offer &&
               m_state->stage == DeviceLinking::Stage::Done) {
        m_link->close(QStringLiteral("device linked"));
    }
}

// Offer side: the joiner shows it holds the secret. One try: a wrong proof spends the code.
void DeviceLinker::onRequest(const QCborMap &map)
{
    if (!m_state || m_state->role != DeviceLinking::Role::Offer ||
        m_state->stage != DeviceLinking::Stage::Waiting)
        return;
    const QByteArray proof = map.value(QStringLiteral("p")).toByteArray();
    const QByteArray expected = m_code->proof(m_link->deviceId());
    if (proof.size() != expected.size() ||
        CRYPTO_memcmp(proof.constData(), expected.constData(), size_t(expected.size())) != 0) {
        fail(QStringLiteral("a device came with a wrong code; make a new one"),
             QStringLiteral("the code does not match"));
        return;
    }
    m_state->stage = DeviceLinking::Stage::Confirm;
    m_state->confirmation = m_code->confirmation(m_link->deviceId());
    update();
}

bool DeviceLinker::confirm(bool accept, QString *error)
{
    if (!m_state || m_state->stage != DeviceLinking::Stage::Confirm || m_state->confirmedHere) {
        *error = QStringLiteral("no device linking awaits a confirmation");
        return false;
    }
    if (!accept) {
        fail(QStringLiteral("declined on this device"),
             QStringLiteral("declined on the other device"));
        return true;
    }
    m_state->confirmedHere = true;
    update();
    if (m_state->role == DeviceLinking::Role::Join)
        m_link->send(frame(Frame::Ok));
    else
        maybeGrant();
    return true;
}

// Offer side, once both users confirmed: the account takes the device, and the device the
// account.
void DeviceLinker::maybeGrant()
{
    if (!m_state->confirmedHere || !m_state->confirmedThere)
        return;
    QString error;
    const auto grant = m_hooks.grant(m_link->remote(), &error);
    if (!grant) {
        fail(error, QStringLiteral("this account cannot take another device"));
        return;
    }
    m_link->send(frame(Frame::Grant, {{QStringLiteral("key"), grant->keyPem},
                                      {QStringLiteral("acct"), grant->deviceList}}));
    const QString added = m_state->deviceId;
    finish();
    Q_EMIT deviceAdded(added);
}

// Join side: the account arrives; only after this user confirmed, and only once.
void DeviceLinker::onGrant(const QCborMap &map)
{
    if (!m_state || m_state->role != DeviceLinking::Role::Join ||
        m_state->stage != DeviceLinking::Stage::Confirm || !m_state->confirmedHere)
        return;
    const QByteArray pem = map.value(QStringLiteral("key")).toByteArray();
    const QCborMap list = map.value(QStringLiteral("acct")).toMap();
    QString error;
    if (pem.size() > MaxKeyPem ||
        !m_hooks.adopt({pem, list}, m_link->remote(), m_link->reachableAddress(), &error)) {
        fail(QStringLiteral("the account given could not be taken: %1").arg(error),
             QStringLiteral("the account could not be taken"));
        return;
    }
    m_link->send(frame(Frame::Done));
    finish();
}

void DeviceLinker::finish()
{
    m_state->stage = DeviceLinking::Stage::Done;
    m_deadline.stop();
    m_code.reset();
    update();
}

void DeviceLinker::fail(const QString &error, const QString &toOther)
{
    if (!m_state || m_state->stage == DeviceLinking::Stage::Done ||
        m_state->stage == DeviceLinking::Stage::Failed)
        return;
    qCWarning(lcNet).noquote() << "device linking failed:" << error;
    m_state->stage = DeviceLinking::Stage::Failed;
    m_state->error = error;
    m_deadline.stop();
    m_code.reset(); // a code works once
    if (m_link) {
        if (!toOther.isEmpty())
            m_link->send(frame(Frame::Fail, {{QStringLiteral("why"), toOther}}));
        m_link->close(QStringLiteral("device linking ended: ") + error);
    }
    update();
}

void DeviceLinker::cancel()
{
    fail(QStringLiteral("cancelled"), QStringLiteral("cancelled on the other device"));
}

void DeviceLinker::update()
{
    Q_EMIT changed();
}

} // namespace Tincan
