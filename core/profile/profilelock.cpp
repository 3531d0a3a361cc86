#include "profilelock.h"

#include "util/logging.h"

#include <QDir>

namespace Tincan {

ProfileLock::ProfileLock(const QString &profileDir)
    : m_lock(std::make_unique<QLockFile>(QDir(profileDir).filePath(QStringLiteral("tincan.lock"))))
{
    // Never consider a lock stale by age: a node may run for months. Staleness comes only from
    // the owning process being gone, which QLockFile checks by pid and program name.
    m_lock->setStaleLockTime(0);
}

ProfileLock::Result ProfileLock::tryLock()
{
    if (m_lock->tryLock(0))
        return Result::Acquired;
    if (m_lock->error() == QLockFile::LockFailedError) {
        QString host, app;
        m_lock->getLockInfo(&m_ownerPid, &host, &app);
        return Result::HeldByOther;
    }
    return Result::Error;
}

QString ProfileLock::errorString() const
{
    switch (m_lock->error()) {
    case QLockFile::NoError:
        return {};
    case QLockFile::LockFailedError:
        return QStringLiteral("another Tincan (pid %1) is running with this profile")
            .arg(m_ownerPid);
    case QLockFile::PermissionError:
        return QStringLiteral("no permission to create the lock file in the profile directory");
    case QLockFile::UnknownError:
        break;
    }
    return QStringLiteral("the profile lock file could not be created");
}

void ProfileLock::unlock()
{
    m_lock->unlock();
}

} // namespace Tincan
