#pragma once

#include <QList>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>

// The baselines' common part: two fresh identities and one TLS 1.3 connection between them on
// 127.0.0.1, set up exactly as peer sessions are (makeTlsConfiguration, self-signed accepted).
class RawTlsPair
{
public:
    bool open(); // false if the handshake did not finish within 10 s

    QSslSocket client;
    QSslSocket *peer = nullptr; // the server's end, owned by the server

private:
    QTemporaryDir m_dirA, m_dirB;
    QSslServer m_server;
};

// The p-quantile (0..1) of values, by nearest rank; 0 for none.
double percentile(QList<double> values, double p);
