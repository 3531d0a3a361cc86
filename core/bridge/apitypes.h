#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <utility>

namespace Tincan {

using HeaderPairs = QList<std::pair<QByteArray, QByteArray>>;

// One call of the local API, whatever carried it: an HTTP request, a WebSocket upgrade or a
// command frame on an open WebSocket. Plain data, so that the handler is a pure function of it.
struct ApiRequest
{
    QByteArray method;                     // upper case: "GET", "POST", ...
    QString path;                          // percent-decoded, without the query
    QUrlQuery query;                       // '+' already means a space, as browsers send it
    QHash<QByteArray, QByteArray> headers; // names in lower case; repeated ones joined by ", "
    QByteArray body;

    QByteArray header(const QByteArray &lowerCaseName) const
    {
        return headers.value(lowerCaseName);
    }
    QString queryValue(const QString &name) const;
    bool hasQueryValue(const QString &name) const { return query.hasQueryItem(name); }

    // target: "/path?query" as in an HTTP request line.
    static ApiRequest make(const QByteArray &method, const QString &target,
                           const HeaderPairs &headers = {}, const QByteArray &body = {});
    void setTarget(const QString &target);
    void addHeader(const QByteArray &name, const QByteArray &value);
};

// What the API answers: a status and a JSON object (every answer is JSON, errors are
// {"error": "..."}), plus headers that matter over HTTP (Allow, Retry-After, ...).
struct ApiResponse
{
    int status = 200;
    QJsonObject body;
    HeaderPairs headers;

    static ApiResponse ok(const QJsonObject &body, int status = 200) { return {status, body, {}}; }
    static ApiResponse error(int status, const QString &message);
    bool isError() const { return status >= 400; }
};

// A response as bytes on the wire, for the HTTP layer.
struct HttpReply
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    HeaderPairs headers;

    static HttpReply fromApi(const ApiResponse &response);
};

} // namespace Tincan
