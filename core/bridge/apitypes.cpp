#include "apitypes.h"

#include <QJsonDocument>
#include <QUrl>

namespace Tincan {

QString ApiRequest::queryValue(const QString &name) const
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

ApiRequest ApiRequest::make(const QByteArray &method, const QString &target,
                            const HeaderPairs &headers, const QByteArray &body)
{
    ApiRequest request;
    request.method = method.toUpper();
    request.setTarget(target);
    for (const auto &[name, value] : headers)
        request.addHeader(name, value);
    request.body = body;
    return request;
}

void ApiRequest::setTarget(const QString &target)
{
    const qsizetype mark = target.indexOf(QLatin1Char('?'));
    const QString rawPath = mark < 0 ? target : target.left(mark);
    QString rawQuery = mark < 0 ? QString() : target.mid(mark + 1);
    path = QUrl::fromPercentEncoding(rawPath.toUtf8());
    // Form encoding (URLSearchParams, HTML forms) writes a space as '+'; a real '+' is %2B.
    rawQuery.replace(QLatin1Char('+'), QLatin1String("%20"));
    query = QUrlQuery(rawQuery);
}

void ApiRequest::addHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray key = name.toLower();
    // A repeated header is one comma-separated list (RFC 9110 5.3); a repeated Origin or
    // Authorization therefore matches nothing and is refused.
    auto it = headers.find(key);
    if (it == headers.end())
        headers.insert(key, value.trimmed());
    else
        it.value() += ", " + value.trimmed();
}

ApiResponse ApiResponse::error(int status, const QString &message)
{
    return {status, QJsonObject{{QStringLiteral("error"), message}}, {}};
}

HttpReply HttpReply::fromApi(const ApiResponse &response)
{
    HttpReply reply;
    reply.status = response.status;
    reply.contentType = "application/json; charset=utf-8";
    // Indented, for people reading curl output; scripts do not mind.
    reply.body = QJsonDocument(response.body).toJson(QJsonDocument::Indented);
    reply.headers = response.headers;
    reply.headers.emplaceBack("Cache-Control", "no-store");
    return reply;
}

} // namespace Tincan
