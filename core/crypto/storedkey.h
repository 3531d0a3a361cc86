#pragma once

// For the crypto sources that keep a P-256 key of the profile (identity, account, envelope key):
// keystore.h stays free of OpenSSL, because every user of Identity and Account includes it.
// Defined in keystore.cpp.
#include "keystore.h"
#include "opensslhelpers.h"

namespace Tincan::KeyStore {

// read(), then the PEM as an EC P-256 private key: the one way a profile's keys (identity,
// account) are loaded. A key that is not one is an error naming what and path.
OpenSsl::PkeyPtr readP256(const QString &path, const QString &what, KeyStorage storage,
                          QString *error);

// A new EC P-256 key, stored at path with write(). Null, with *error naming what, on failure.
OpenSsl::PkeyPtr createP256(const QString &path, const QString &what, KeyStorage storage,
                            QString *error);

} // namespace Tincan::KeyStore
