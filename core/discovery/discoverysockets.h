#pragma once

#include <QHostAddress>
#include <QList>
#include <QNetworkInterface>
#include <QObject>
#include <QSet>
#include <QUdpSocket>

namespace Tincan {

// The UDP side of discovery. Several nodes may run on one host (profiles, tests), so the
// well-known port is bound shared, which lets every node hear multicast and broadcast; each
// node also has a private, ephemeral socket that it sends from, so that unicast answers reach
// the node that asked (a unicast datagram to a shared port reaches only one of its sockets).
class DiscoverySockets : public QObject
{
    Q_OBJECT
public:
    struct Counters
    {
        quint64 datagramsSent = 0;
        quint64 bytesSent = 0;
        quint64 sendErrors = 0;
        quint64 datagramsReceived = 0;
        quint64 bytesReceived = 0;
    };

    explicit DiscoverySockets(quint16 port, QObject *parent = nullptr);

    bool open(QString *error);
    void close();
    bool isOpen() const { return m_recv4.state() == QAbstractSocket::BoundState; }
    // Joins the groups on interfaces new to the list and leaves those gone from it.
    void setInterfaces(const QList<QNetworkInterface> &interfaces);
    const QList<QNetworkInterface> &interfaces() const { return m_interfaces; }

    // IPv4 multicast and subnet broadcast on every interface, IPv6 multicast where the
    // interface has IPv6. Returns the number of datagrams sent.
    int sendToAll(const QByteArray &datagram);
    bool sendTo(const QByteArray &datagram, const QHostAddress &address, quint16 port);
    quint16 port() const { return m_port; }
    const Counters &counters() const { return m_counters; }

Q_SIGNALS:
    // Oversized datagrams arrive cut to one byte past the limit, so the receiver can tell.
    void datagramReceived(const QByteArray &data, const QHostAddress &sender, quint16 senderPort);

private:
    void drain(QUdpSocket *socket);

    quint16 m_port;
    QUdpSocket m_recv4; // shared well-known port
    QUdpSocket m_recv6; // shared well-known port, best effort
    QUdpSocket m_send4; // private, ephemeral
    QUdpSocket m_send6; // private, ephemeral, best effort
    QHostAddress m_group4;
    QHostAddress m_group6;
    QList<QNetworkInterface> m_interfaces;
    QSet<int> m_joined4, m_joined6; // interface indexes
    Counters m_counters;
};

} // namespace Tincan
