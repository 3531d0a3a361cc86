#include "devicelist.h"

#include "fingerprint.h"
#include "signature.h"

#include <QCborArray>
#include <QCborValue>

namespace Tincan {

namespace {

std::optional<DeviceList> fail(QString *error, const QString &message)
{
    if (error)
        *error = QStringLiteral("device list: ") + message;
    return std::nullopt;
}

} // namespace

QByteArray DeviceList::signedData(const QByteArray &body)
{
    return QByteArrayLiteral("tincan-device-list-v1") + '\0' + body;
}

std::optional<DeviceList> DeviceList::verify(const QCborMap &signedForm, QString *error)
{
    const QCborValue key = signedForm.value(QStringLiteral("k"));
    const QCborValue body = signedForm.value(QStringLiteral("b"));
    const QCborValue signature = signedForm.value(QStringLiteral("s"));
    if (!key.isByteArray() || !body.isByteArray() || !signature.isByteArray())
        return fail(error, QStringLiteral("key, body and signature must be byte strings"));
    if (key.toByteArray().size() > MaxKeySize || body.toByteArray().size() > MaxBodySize ||
        signature.toByteArray().size() > MaxSignatureSize)
        return fail(error, QStringLiteral("too large"));

    DeviceList list;
    list.accountKey = key.toByteArray();
    const QByteArray bodyBytes = body.toByteArray();
    QCborParserError parseError;
    const QCborValue parsed = QCborValue::fromCbor(bodyBytes, &parseError);
    if (parseError.error != QCborError::NoError || !parsed.isMap() || parsed.toCbor() != bodyBytes)
        return fail(error, QStringLiteral("body is not one canonical CBOR map"));
    const QCborMap map = parsed.toMap();

    list.accountId = map.value(QStringLiteral("a")).toString();
    if (list.accountId != idOfSpki(list.accountKey))
        return fail(error, QStringLiteral("account id does not match the account key"));

    const QCborValue version = map.value(QStringLiteral("v"));
    if (!version.isInteger() || version.toInteger() < 1 ||
        quint64(version.toInteger()) > MaxVersion)
        return fail(error, QStringLiteral("invalid version"));
    list.version = quint64(version.toInteger());

    const QCborValue issued = map.value(QStringLiteral("ts"));
    if (!issued.isInteger() || issued.toInteger() < 0)
        return fail(error, QStringLiteral("invalid issue time"));
    list.issued = QDateTime::fromMSecsSinceEpoch(issued.toInteger()).toUTC();

    const QCborValue devices = map.value(QStringLiteral("d"));
    if (!devices.isArray() || devices.toArray().isEmpty() || devices.toArray().size() > MaxDevices)
        return fail(error, QStringLiteral("needs 1 to %1 devices").arg(MaxDevices));
    for (const QCborValue &device : devices.toArray()) {
        const QString id = device.toString();
        if (!device.isString() || !isNodeId(id))
            return fail(error, QStringLiteral("a device id is not 64 lowercase hex characters"));
        if (list.devices.contains(id))
            return fail(error, QStringLiteral("a device is listed twice"));
        list.devices << id;
    }

    // Last: the checks above are cheap, a signature check is not.
    if (!verifySignature(list.accountKey, signedData(bodyBytes), signature.toByteArray()))
        return fail(error, QStringLiteral("the signature does not verify"));
    list.signedForm = signedForm;
    return list;
}

} // namespace Tincan
