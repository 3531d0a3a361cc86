#include "accesspolicy.h"

#include "util/logging.h"

namespace Tincan {

namespace {
const QList<QByteArray> hostNames{"127.0.0.1", "localhost", "[::1]"};
}

AccessPolicy::AccessPolicy(quint16 port, QByteArray token, Limits limits, Clock clock)
    : m_port(port)
    , m_token(std::move(token))
    , m_limits(limits)
    , m_clock(std::move(clock))
{
    m_elapsed.start();
}

qint64 AccessPolicy::now() const
{
    return m_clock ? m_clock() : m_elapsed.elapsed();
}

bool AccessPolicy::isAllowedHost(const QByteArray &host) const
{
    const QByteArray port = ':' + QByteArray::number(m_port);
    for (const QByteArray &name : hostNames) {
        if (host.compare(QByteArray(name + port), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QList<QByteArray> AccessPolicy::allowedOrigins() const
{
    QList<QByteArray> origins;
    for (const QByteArray &name : hostNames)
        origins.append(QByteArray("http://" + name + ':' + QByteArray::number(m_port)));
    return origins;
}

bool AccessPolicy::isAllowedOrigin(const QByteArray &origin) const
{
    for (const QByteArray &allowed : allowedOrigins()) {
        if (origin.compare(allowed, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

std::optional<ApiResponse> AccessPolicy::checkSite(const ApiRequest &request) const
{
    if (!isAllowedHost(request.header("host")))
        return ApiResponse::error(403, QStringLiteral("the Host header must name this bridge "
                                                      "(127.0.0.1, localhost or [::1] and its "
                                                      "port)"));
    // Browsers send Origin on every cross-site request and on every WebSocket handshake; an
    // absent one is a non-browser client, which the token alone guards.
    if (request.headers.contains("origin") && !isAllowedOrigin(request.header("origin")))
        return ApiResponse::error(403, QStringLiteral("requests from other web pages are not "
                                                      "allowed"));
    return std::nullopt;
}

bool AccessPolicy::isLockedOut()
{
    return m_lockedUntil >= 0 && now() < m_lockedUntil;
}

void AccessPolicy::recordFailure(qint64 time)
{
    const qint64 windowMs = m_limits.window.count();
    while (!m_failures.empty() && m_failures.front() <= time - windowMs)
        m_failures.pop_front();
    m_failures.push_back(time);
    if (int(m_failures.size()) >= m_limits.maxFailures) {
        m_lockedUntil = time + m_limits.lockout.count();
        m_failures.clear();
        qCWarning(lcBridge) << "too many requests with a wrong token; refusing all for"
                            << m_limits.lockout.count() << "ms";
    }
}

std::optional<ApiResponse> AccessPolicy::check(const ApiRequest &request, bool allowQueryToken)
{
    if (auto refusal = checkSite(request))
        return refusal;
    const qint64 time = now();
    QByteArray presented;
    const QByteArray authorization = request.header("authorization");
    if (authorization.left(7).compare("bearer ", Qt::CaseInsensitive) == 0) // RFC 9110 11.1
        presented = authorization.mid(7).trimmed();
    else if (allowQueryToken && request.hasQueryValue(QStringLiteral("token")))
        presented = request.queryValue(QStringLiteral("token")).toUtf8();
    // The right token always passes: a lockout that held it back too would let any local
    // program lock the user out with ten bad requests. Guessing gains nothing from that: the
    // token is 256 random bits, and wrong ones keep getting 429 during the lockout.
    if (!presented.isEmpty() && constantTimeEquals(presented, m_token))
        return std::nullopt;
    if (isLockedOut())
        return lockedOut(time);
    recordFailure(time);
    ApiResponse response = ApiResponse::error(
        401, presented.isEmpty() ? QStringLiteral("missing token: send 'Authorization: Bearer "
                                                  "<token>' (the token is in bridge.token)")
                                 : QStringLiteral("wrong token"));
    response.headers.emplaceBack("WWW-Authenticate", "Bearer realm=\"tincan\"");
    return response;
}

std::optional<ApiResponse> AccessPolicy::redeemPageCode(const QByteArray &code)
{
    const qint64 time = now();
    // As with the token, a good code passes even during a lockout: 128 random bits that live
    // two minutes cannot be guessed, and nobody else's bad requests should keep the page shut.
    if (m_pageCodes.redeem(code, time))
        return std::nullopt;
    if (isLockedOut())
        return lockedOut(time);
    recordFailure(time);
    return ApiResponse::error(401, QStringLiteral("this link was used already or has expired: "
                                                  "open the web page again"));
}

ApiResponse AccessPolicy::lockedOut(qint64 time) const
{
    ApiResponse response =
        ApiResponse::error(429, QStringLiteral("too many failed attempts; try again later"));
    const qint64 seconds = (m_lockedUntil - time + 999) / 1000;
    response.headers.emplaceBack("Retry-After", QByteArray::number(qMax<qint64>(1, seconds)));
    return response;
}

bool AccessPolicy::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    // Time depends on the length of the presented token only, never on where it differs.
    if (b.isEmpty())
        return false;
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i % b.size()));
    return difference == 0;
}

} // namespace Tincan
