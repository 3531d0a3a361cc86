#include "rawtlspair.h"

#include "crypto/identity.h"
#include "net/tlsconfig.h"

#include <QTest>

#include <algorithm>

using namespace Tincan;

bool RawTlsPair::open()
{
    QString error;
    const auto a = Identity::loadOrCreate(m_dirA.path(), &error);
    const auto b = Identity::loadOrCreate(m_dirB.path(), &error);
    if (!a || !b)
        return false;
    m_server.setSslConfiguration(makeTlsConfiguration(*a));
    QObject::connect(&m_server, &QSslServer::sslErrors, &m_server,
                     [](QSslSocket *s, const QList<QSslError> &e) {
                         s->ignoreSslErrors(ignorableSelfSignedErrors(e));
                     });
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        return false;
    client.setSslConfiguration(makeTlsConfiguration(*b));
    QObject::connect(&client, &QSslSocket::sslErrors, &client, [this](const QList<QSslError> &e) {
        client.ignoreSslErrors(ignorableSelfSignedErrors(e));
    });
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_server.serverPort());
    if (!QTest::qWaitFor([&] { return m_server.hasPendingConnections() && client.isEncrypted(); },
                         10000))
        return false;
    peer = qobject_cast<QSslSocket *>(m_server.nextPendingConnection());
    return peer != nullptr;
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(qMin(values.size() - 1, qsizetype(p * values.size())));
}
