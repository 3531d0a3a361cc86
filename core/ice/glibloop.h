#pragma once

namespace Tincan::GlibLoop {

// libnice runs its sockets and timers as sources on a GLib main context. Qt on Linux normally
// drives GLib's default context from its own event loop (QEventDispatcherGlib), so libnice's
// callbacks arrive on the Qt main thread with no thread of their own. Where Qt was built
// without GLib, or QT_NO_GLIB is set, this starts a timer that iterates the default context
// instead. Call it on the main thread before the first agent is made; repeated calls are free.
void ensureDriven();

} // namespace Tincan::GlibLoop
