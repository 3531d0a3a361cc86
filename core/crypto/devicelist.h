#pragma once

#include <QByteArray>
#include <QCborMap>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace Tincan {

// The signed, versioned list of one account's devices (docs/protocol.md, "Accounts"): how a
// device proves which person it belongs to. On the wire and on disk it is the signed form
//   {"k": account key SPKI DER, "b": body, "s": ECDSA-SHA256 signature over
//    "tincan-device-list-v1" 0x00 || body}
// where body is the CBOR map {"a": account id, "v": version, "d": [device ids], "ts": ms}.
// The body travels as bytes so that the signature covers exactly what was signed.
struct DeviceList
{
    QString accountId;     // SHA-256 of the account key's SPKI DER, 64 lowercase hex
    QByteArray accountKey; // SPKI DER
    quint64 version = 0;   // every change raises it; a higher version replaces a lower one
    QStringList devices;   // device ids (node ids), at most MaxDevices, no repeats
    QDateTime issued;
    QCborMap signedForm; // kept as received: it is what gets stored and passed on

    static constexpr int MaxDevices = 16;
    static constexpr qsizetype MaxKeySize = 256;
    static constexpr qsizetype MaxBodySize = 2048;
    static constexpr qsizetype MaxSignatureSize = 128;
    // Versions stay exact in a JSON number too.
    static constexpr quint64 MaxVersion = (quint64(1) << 53) - 1;

    bool contains(const QString &deviceId) const { return devices.contains(deviceId); }

    // Checks form, limits and signature; nullopt with *error saying what is wrong.
    static std::optional<DeviceList> verify(const QCborMap &signedForm, QString *error);
    // What the signature covers for a given body.
    static QByteArray signedData(const QByteArray &body);
};

} // namespace Tincan
