#pragma once

namespace Tincan {
class Node;
}

// Profiles for tests/gui/bench_gui_startup: what a first frame and a scroll are measured on.
namespace GuiSeed {

// `count` messages in one chat, which opens in a window of its own at the next start.
bool chatInWindow(Tincan::Node &node, int count);

// An office at scale: `peers` peers on the network, `conversations` of them with a direct
// conversation and a last message, and a `messages`-message chat open in a window.
bool office(Tincan::Node &node, int peers, int conversations, int messages);

} // namespace GuiSeed
