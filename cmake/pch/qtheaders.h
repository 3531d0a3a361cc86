// The Qt and standard headers that most of Tincan's files include, precompiled once per build
// (cmake/Precompiled.cmake). Only headers of the modules that tincan_core links (Core, Network,
// Sql) and nothing that tests a module macro such as QT_GUI_LIB or QT_WIDGETS_LIB: GCC would
// refuse the precompiled header for a target that defines one of them differently.
#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QNetworkInterface>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QUdpSocket>
#include <QUrl>
#include <QUuid>
#include <QVariant>

// The fuzz decoders (tests/fuzz) precompile this too, without QtSql.
#if __has_include(<QSqlDatabase>)
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#endif

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>
