#pragma once

#include <QLockFile>
#include <QString>

#include <memory>

namespace Tincan {

// Guarantees one running node per profile. QLockFile records pid, host and program name, so a
// lock left behind by a crashed (or kill -9'd) process is recognised as stale and taken over.
class ProfileLock
{
public:
    explicit ProfileLock(const QString &profileDir);

    enum class Result
    {
        Acquired,
        HeldByOther,
        Error
    };
    Result tryLock();
    qint64 ownerPid() const { return m_ownerPid; } // valid after HeldByOther
    QString errorString() const;
    void unlock();

private:
    std::unique_ptr<QLockFile> m_lock;
    qint64 m_ownerPid = 0;
};

} // namespace Tincan
