#include "pagecodes.h"

#include "accesspolicy.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Tincan {

QByteArray PageCodes::issue(qint64 nowMs)
{
    dropExpired(nowMs);
    while (int(m_codes.size()) >= MaxOutstanding)
        m_codes.pop_front();
    QByteArray bytes(16, Qt::Uninitialized); // 128 bits: not guessable in two minutes
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / 4);
    const QByteArray code = bytes.toHex();
    m_codes.push_back({code, nowMs + LifetimeMs});
    return code;
}

bool PageCodes::redeem(const QByteArray &code, qint64 nowMs)
{
    dropExpired(nowMs);
    const auto found = std::find_if(m_codes.begin(), m_codes.end(), [&](const Code &c) {
        return AccessPolicy::constantTimeEquals(code, c.value);
    });
    if (found == m_codes.end())
        return false;
    m_codes.erase(found);
    return true;
}

void PageCodes::dropExpired(qint64 nowMs)
{
    std::erase_if(m_codes, [nowMs](const Code &c) { return nowMs >= c.expiresMs; });
}

QString pageUrlWithCode(quint16 port, const QByteArray &code)
{
    return QStringLiteral("http://127.0.0.1:%1/#code=%2").arg(port).arg(QString::fromLatin1(code));
}

} // namespace Tincan
