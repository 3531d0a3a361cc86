#include "textscrubber.h"

#include "messenger.h"
#include "util/logging.h"

namespace Tincan {

TextScrubber::TextScrubber(Messenger &messenger, std::chrono::milliseconds delay, QObject *parent)
    : QObject(parent)
    , m_messenger(messenger)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(delay);
    connect(&m_timer, &QTimer::timeout, this, &TextScrubber::scrub);
    connect(&messenger, &Messenger::messageChanged, this, [this](const MessageRecord &message) {
        if (message.deleted || message.editedAt.isValid())
            schedule();
    });
}

void TextScrubber::schedule()
{
    if (!m_timer.isActive()) // not restarted: a steady stream of changes cannot defer it forever
        m_timer.start();
}

void TextScrubber::flush()
{
    if (m_timer.isActive()) {
        m_timer.stop();
        scrub();
    }
}

void TextScrubber::scrub()
{
    if (!m_messenger.messages().scrubRemovedText())
        qCWarning(lcStore) << "Could not wipe removed text from the database file";
    Q_EMIT scrubbed();
}

} // namespace Tincan
