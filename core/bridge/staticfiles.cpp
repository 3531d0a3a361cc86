#include "staticfiles.h"

#include <QFile>

namespace Tincan::StaticFiles {

namespace {
struct Asset
{
    const char *path;
    const char *resource;
    const char *contentType;
};

constexpr Asset assets[] = {
    {"/", ":/web/index.html", "text/html; charset=utf-8"},
    {"/index.html", ":/web/index.html", "text/html; charset=utf-8"},
    {"/app.js", ":/web/app.js", "text/javascript; charset=utf-8"},
    {"/style.css", ":/web/style.css", "text/css; charset=utf-8"},
    {"/icon.svg", ":/web/icon.svg", "image/svg+xml"},
};

QByteArray contentSecurityPolicy(quint16 port)
{
    // Only this bridge: no inline script, no foreign scripts, styles, images or connections.
    // 'self' covers ws: to the same host in current browsers; the explicit ws: sources are for
    // older ones (CSP has no syntax for an IPv6 literal, so [::1] relies on 'self').
    const QByteArray p = QByteArray::number(port);
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self' ws://127.0.0.1:" +
           p + " ws://localhost:" + p +
           "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}
} // namespace

std::optional<HttpReply> reply(const QString &path, quint16 port)
{
    for (const Asset &asset : assets) {
        if (path != QLatin1String(asset.path))
            continue;
        QFile file(QString::fromLatin1(asset.resource));
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        HttpReply reply;
        reply.contentType = asset.contentType;
        reply.body = file.readAll();
        reply.headers = {
            {"Content-Security-Policy", contentSecurityPolicy(port)},
            {"X-Content-Type-Options", "nosniff"},
            {"X-Frame-Options", "DENY"},
            {"Referrer-Policy", "no-referrer"},
            {"Cache-Control", "no-cache"},
        };
        return reply;
    }
    return std::nullopt;
}

} // namespace Tincan::StaticFiles
