#include "iceresolver.h"

#include "util/logging.h"

#include <QHostInfo>
#include <QSet>

namespace Tincan {

namespace {
constexpr std::chrono::minutes kRefresh{30};

template<typename Server>
void collectNames(const QList<Server> &servers, QSet<QString> &names)
{
    for (const Server &server : servers) {
        if (isHostName(server.host))
            names.insert(server.host);
    }
}

template<typename Server>
void fillAddresses(QList<Server> &servers, const QHash<QString, QHostAddress> &answers)
{
    for (Server &server : servers) {
        if (isHostName(server.host))
            server.address = answers.value(server.host);
    }
}
} // namespace

IceResolver::IceResolver(QObject *parent)
    : QObject(parent)
{
    m_refresh.setInterval(kRefresh);
    connect(&m_refresh, &QTimer::timeout, this, &IceResolver::lookUp);
}

void IceResolver::resolve(const IceConfig &config)
{
    m_config = config;
    lookUp();
}

void IceResolver::lookUp()
{
    const quint64 round = ++m_round;
    m_answers.clear();
    QSet<QString> names;
    collectNames(m_config.stun, names);
    collectNames(m_config.turn, names);
    m_pending = int(names.size());
    if (names.isEmpty()) {
        m_refresh.stop();
        QMetaObject::invokeMethod(this, &IceResolver::finish, Qt::QueuedConnection);
        return;
    }
    m_refresh.start();
    for (const QString &name : std::as_const(names)) {
        QHostInfo::lookupHost(name, this, [this, round, name](const QHostInfo &info) {
            if (round != m_round)
                return;
            if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
                qCWarning(lcNet).noquote() << "cannot resolve the ICE server" << name << ":"
                                           << info.errorString() << "— left out for now";
            } else {
                m_answers.insert(name, info.addresses().constFirst());
                qCInfo(lcNet).noquote()
                    << "ICE server" << name << "is" << info.addresses().constFirst().toString();
            }
            if (--m_pending == 0)
                finish();
        });
    }
}

void IceResolver::finish()
{
    fillAddresses(m_config.stun, m_answers);
    fillAddresses(m_config.turn, m_answers);
    Q_EMIT resolved(m_config);
}

} // namespace Tincan
