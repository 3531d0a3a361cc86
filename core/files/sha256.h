#pragma once

#include <QByteArray>

#include <memory>

class QIODevice;

// Incremental SHA-256 through OpenSSL's EVP, which uses the CPU's SHA extensions: several times
// faster than QCryptographicHash on Qt 6.4, and hashing sits on both ends of every transfer.
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void addData(const char *data, qsizetype size);
    void addData(const QByteArray &data) { addData(data.constData(), data.size()); }
    // Reads device from its position to the end; false on a read error.
    bool addData(QIODevice *device);
    QByteArray result(); // 32 bytes; ends the hash

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};
