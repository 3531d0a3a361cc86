#pragma once

#include "apitypes.h"

#include <optional>

namespace Tincan {

// The web page (resources/web, compiled in under :/web): index.html at "/", its script,
// style sheet and icon. Static and secret-free, so it needs no token; the page takes the token
// from its URL fragment. Headers keep it from being framed or loading anything foreign.
namespace StaticFiles {

// nullopt when path is not one of the page's files.
std::optional<HttpReply> reply(const QString &path, quint16 port);

} // namespace StaticFiles
} // namespace Tincan
