#include "dhtrendezvous.h"

#include "crypto/hpkeprimitives.h"
#include "crypto/identity.h"
#include "dhtnode.h"
#include "dhtrecord.h"
#include "mailbox/mailboxprotocol.h"
#include "util/logging.h"

#include <QDateTime>
#include <QPointer>
#include <QSslCertificate>

namespace Tincan {

namespace {
using DhtRecords::Value;
const QString kOfferRoute = QStringLiteral("o:"), kAnswerRoute = QStringLiteral("a:");
constexpr std::chrono::minutes kRotationCheck{10};
constexpr std::chrono::minutes kAnswerWait{2}; // an answer comes within seconds, or not at all
} // namespace

DhtRendezvous::DhtRendezvous(DhtNode &node, const Identity &identity, const QByteArray &envelopeKey,
                             QObject *parent)
    : Rendezvous(parent)
    , m_node(node)
    , m_identity(identity)
    // Without the chosen mailbox: whoever knows this device's id may read the record.
    , m_signedRecord(
          MailboxProtocol::encodeRecord(
              {identity.id(), envelopeKey, {}, QDateTime::currentMSecsSinceEpoch()}, identity)
              .toCborValue()
              .toCbor())
{
    m_clock.start();
    connect(&m_node, &DhtNode::valueArrived, this, &DhtRendezvous::onValue);
    connect(&m_rotation, &QTimer::timeout, this, &DhtRendezvous::publish);
    m_rotation.start(kRotationCheck);
    publish();
}

DhtRendezvous::~DhtRendezvous()
{
    for (const auto &[key, valueId] : std::as_const(m_published))
        m_node.cancelPut(key, valueId);
    for (const quint64 handle : std::as_const(m_listens))
        m_node.cancelListen(handle);
    for (const quint64 handle : std::as_const(m_answerListens))
        m_node.cancelListen(handle);
}

// The record and the listens at the keys of yesterday, today and tomorrow (UTC): a caller whose
// clock is a little off, or who calls across midnight, still finds this device.
void DhtRendezvous::publish()
{
    const qint64 day = DhtRecords::dayOf(QDateTime::currentMSecsSinceEpoch());
    if (day == m_day)
        return;
    for (const auto &[key, valueId] : std::as_const(m_published))
        m_node.cancelPut(key, valueId);
    for (const quint64 handle : std::as_const(m_listens))
        m_node.cancelListen(handle);
    m_published.clear();
    m_listens.clear();
    m_day = day;
    const QString id = m_identity.id();
    const QByteArray certificate = m_identity.certificate().toDer();
    for (qint64 d = day - 1; d <= day + 1; ++d) {
        const QByteArray key = DhtRecords::listenKey(id, d);
        const Value record = DhtRecords::sealRecord(id, d, certificate, m_signedRecord);
        // Said once a day: from then on callers find this device.
        const auto said = [self = QPointer(this), day, d](bool stored) {
            if (self && d == day && self->m_day == day)
                qCInfo(lcDht).noquote() << (stored ? "published this device's record on the DHT"
                                                   : "the DHT did not store this device's record "
                                                     "yet; retrying");
        };
        m_published.append({key, m_node.put(key, DhtRecords::encode(record), true, said)});
        m_listens.insert(m_node.listen(key));
    }
    qCDebug(lcDht) << "published this device's record for day" << day;
}

void DhtRendezvous::lookup(const QString &deviceId)
{
    const qint64 day = DhtRecords::dayOf(QDateTime::currentMSecsSinceEpoch());
    const QByteArray key = DhtRecords::listenKey(deviceId, day);
    const QString route = kOfferRoute + QString::fromLatin1(key.toHex());
    QPointer<DhtRendezvous> self(this);
    // Whether found() or notFound() was said: once, on the first valid record.
    auto state = std::make_shared<QPair<bool, int>>(false, 0); // (answered, records refused)
    m_node.get(
        key, [self, deviceId, day, route, state](const QList<QByteArray> &values, bool done) {
            if (!self || state->first)
                return;
            for (const QByteArray &bytes : values) {
                QString why;
                const auto value = DhtRecords::decode(bytes, &why);
                if (!value || value->kind != Value::Kind::Record)
                    continue; // offers for the device, or junk: not ours to judge
                if (const auto peer = DhtRecords::openRecord(*value, deviceId, day, route, &why)) {
                    state->first = true;
                    Q_EMIT self->found(*peer);
                    return;
                }
                ++state->second;
                qCWarning(lcDht).noquote()
                    << "ignored a record at" << deviceId.left(12) << "'s key:" << why;
            }
            if (!done)
                return;
            state->first = true;
            Q_EMIT self->notFound(deviceId, state->second
                                                ? QStringLiteral("no valid record on the DHT")
                                                : QStringLiteral("no record on the DHT: the device "
                                                                 "is not listening"));
        });
}

bool DhtRendezvous::deliver(const QString &route, const QString &deviceId, const QByteArray &sealed)
{
    const QByteArray key = QByteArray::fromHex(route.mid(2).toLatin1());
    if (key.size() != DhtRecords::KeySize)
        return false;
    if (!m_puts.tryTake(m_clock.elapsed())) {
        qCWarning(lcDht).noquote() << "not sending to" << deviceId.left(12) << ": over"
                                   << PutsPerMinute << "DHT puts this minute";
        return false;
    }
    Value value;
    if (route.startsWith(kOfferRoute)) {
        value.kind = Value::Kind::Offer;
        value.replyKey = HpkePrimitives::randomBytes(DhtRecords::KeySize);
        listenForAnswer(value.replyKey);
    } else {
        value.kind = Value::Kind::Answer;
    }
    value.body = sealed;
    m_node.put(key, DhtRecords::encode(value), false);
    return true;
}

void DhtRendezvous::listenForAnswer(const QByteArray &replyKey)
{
    const quint64 handle = m_node.listen(replyKey);
    m_answerListens.insert(handle);
    QTimer::singleShot(kAnswerWait, this, [this, handle] {
        if (m_answerListens.remove(handle))
            m_node.cancelListen(handle);
    });
}

bool DhtRendezvous::takeOffer()
{
    if (m_offers.tryTake(m_clock.elapsed())) {
        m_refusingOffers = false;
        return true;
    }
    if (!std::exchange(m_refusingOffers, true))
        qCWarning(lcDht) << "ignoring DHT offers for now (over" << OffersPerMinute << "a minute)";
    return false;
}

void DhtRendezvous::onValue(quint64 handle, const QByteArray &data)
{
    const bool offers = m_listens.contains(handle);
    if (!offers && !m_answerListens.contains(handle))
        return; // another user of the node
    QString why;
    const auto value = DhtRecords::decode(data, &why);
    if (!value) {
        qCWarning(lcDht).noquote() << "ignored a DHT value:" << why;
        return;
    }
    if (offers && value->kind == Value::Kind::Offer) {
        if (takeOffer())
            Q_EMIT received(value->body,
                            kAnswerRoute + QString::fromLatin1(value->replyKey.toHex()));
    } else if (!offers && value->kind == Value::Kind::Answer) {
        m_answerListens.remove(handle); // one answer per offer
        m_node.cancelListen(handle);
        Q_EMIT received(value->body, QString());
    }
}

} // namespace Tincan
