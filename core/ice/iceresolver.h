#pragma once

#include "iceconfig.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace Tincan {

// Resolves the host names of STUN and TURN servers to the addresses libnice needs. It resolves
// when given a configuration and again every 30 minutes, since a server may move. A name that
// does not resolve is logged and left out (its address stays null) until it does.
class IceResolver : public QObject
{
    Q_OBJECT
public:
    explicit IceResolver(QObject *parent = nullptr);

    // Starts resolving config's names. resolved() follows once every name has answered; at
    // once, queued, when there are none.
    void resolve(const IceConfig &config);

Q_SIGNALS:
    void resolved(const Tincan::IceConfig &config);

private:
    void lookUp();
    void finish();

    IceConfig m_config;
    QHash<QString, QHostAddress> m_answers; // by name, of the current round
    int m_pending = 0;
    quint64 m_round = 0; // answers of an older round are dropped
    QTimer m_refresh;
};

} // namespace Tincan
