#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace Tincan {

class Messenger;

// Deleted and edited text must not linger in the database file, where whoever copies the file
// (a backup, a lost disk) could read it. SQLite's secure_delete (Database::configure) zeroes the
// space that rows free, but the full-text index keeps a deleted message's words in its older
// segments until they are merged, and the WAL keeps old page images until a checkpoint. So after
// a deletion or an edit this merges the index and checkpoints the WAL: once per delay at most,
// so that a stream of deletions costs one merge per delay, not one per message.
class TextScrubber : public QObject
{
    Q_OBJECT
public:
    TextScrubber(Messenger &messenger, std::chrono::milliseconds delay, QObject *parent = nullptr);

    void schedule(); // text was removed: scrub within one delay
    void flush();    // a scrub that is due happens now (the node stops)

Q_SIGNALS:
    void scrubbed();

private:
    void scrub();

    Messenger &m_messenger;
    QTimer m_timer;
};

} // namespace Tincan
