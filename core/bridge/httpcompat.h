#pragma once

#include "apitypes.h"

#include <functional>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QObject;
class QTcpServer;
class QWebSocket;

// Everything in which the QHttpServer of Qt 6.4 (Debian 12, the floor) and of Qt 6.8+ differ
// lives in httpcompat.cpp behind QT_VERSION checks: handler signatures, response headers,
// bind(), and how a WebSocket upgrade is accepted or refused. The rest of the bridge sees only
// these functions. (Qt 6.5 to 6.7 take the 6.4 branch and are not tested.)
//
// The bridge registers no QHttpServer routes of its own: every request reaches one handler,
// because the API handler does its own routing (REST and WebSocket commands share it, and it
// can be fuzzed).
namespace Tincan::HttpCompat {

using RequestHandler = std::function<HttpReply(const ApiRequest &request)>;
// Decides on a WebSocket upgrade to upgradePath before the handshake: status 101 accepts,
// anything else refuses with that reply. Upgrades elsewhere go to the request handler.
using UpgradeCheck = std::function<HttpReply(const ApiRequest &request)>;

void serve(QHttpServer &server, QObject *context, const QString &upgradePath,
           RequestHandler handler, UpgradeCheck check);

// Serves connections accepted by tcpServer, which must already be listening.
bool bind(QHttpServer &server, QTcpServer *tcpServer);

std::unique_ptr<QWebSocket> nextPendingWebSocket(QHttpServer &server);

ApiRequest toApiRequest(const QHttpServerRequest &request);
bool isWebSocketUpgrade(const ApiRequest &request);

} // namespace Tincan::HttpCompat
