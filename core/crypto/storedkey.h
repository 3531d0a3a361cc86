#pragma once

// For identity.cpp and account.cpp only: keystore.h stays free of OpenSSL, because every user
// of Identity and Account includes it. Defined in keystore.cpp.
#include "keystore.h"
#include "opensslhelpers.h"

namespace Tincan::KeyStore {

// read(), then the PEM as an EC P-256 private key: the one way a profile's keys (identity,
// account) are loaded. A key that is not one is an error naming what and path.
OpenSsl::PkeyPtr readP256(const QString &path, const QString &what, KeyStorage storage,
                          QString *error);

} // namespace Tincan::KeyStore
