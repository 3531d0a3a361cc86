#include "keyring.h"

#include "util/logging.h"

#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

namespace Tincan::Keyring {

namespace {

const QString service = QStringLiteral("Tincan");

// Runs a job to its end in a local event loop. A job that does not finish in time is left to
// finish on its own (it deletes itself); its answer is ignored.
Result run(QKeychain::Job *job, std::chrono::milliseconds timeout)
{
    job->setAutoDelete(false);
    job->setInsecureFallback(false); // never a plain-text QSettings file instead of a keyring
    QEventLoop loop;
    bool finished = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QTimer hint;
    hint.setSingleShot(true);
    QObject::connect(&hint, &QTimer::timeout, &loop, [] {
        qCInfo(lcCrypto) << "Waiting for the system keyring; it may be asking to be unlocked";
    });
    timer.start(timeout);
    hint.start(std::chrono::seconds(3));
    job->start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);

    Result result;
    if (!finished) {
        QObject::disconnect(job, nullptr, &loop, nullptr);
        job->setAutoDelete(true);
        result.message =
            QStringLiteral("did not answer within %1 seconds")
                .arg(std::chrono::duration_cast<std::chrono::seconds>(timeout).count());
        return result;
    }
    const std::unique_ptr<QKeychain::Job> owned(job);
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = Result::Status::Ok;
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(job))
            result.data = read->binaryData();
        break;
    case QKeychain::EntryNotFound:
        result.status = Result::Status::NotFound;
        result.message = QStringLiteral("has no entry \"%1\" of service %2: %3")
                             .arg(job->key(), service, job->errorString());
        break;
    default:
        result.message = job->errorString().isEmpty()
                             ? QStringLiteral("is not available")
                             : QStringLiteral("is not available (%1)").arg(job->errorString());
        break;
    }
    return result;
}

} // namespace

Result read(const QString &entry, std::chrono::milliseconds timeout)
{
    auto *job = new QKeychain::ReadPasswordJob(service);
    job->setKey(entry);
    return run(job, timeout);
}

Result write(const QString &entry, const QByteArray &data, std::chrono::milliseconds timeout)
{
    auto *job = new QKeychain::WritePasswordJob(service);
    job->setKey(entry);
    job->setBinaryData(data);
    return run(job, timeout);
}

Result remove(const QString &entry, std::chrono::milliseconds timeout)
{
    auto *job = new QKeychain::DeletePasswordJob(service);
    job->setKey(entry);
    return run(job, timeout);
}

} // namespace Tincan::Keyring
