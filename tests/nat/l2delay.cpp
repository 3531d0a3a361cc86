// A wire that is slow: it carries every Ethernet frame between two interfaces of one namespace,
// each after the same delay, as `tc netem delay` would on kernels that have netem. The NAT bed
// (natbed.sh, variant badpath) splices it into the wan links where netem is missing. Frames
// keep their virtio-net header (PACKET_VNET_HDR), so the kernel's segmentation and checksum
// offloads pass through unchanged. Runs at most SECONDS (default 1200); SIGTERM ends it.
// Usage: l2delay IF1 IF2 DELAY_MS [SECONDS]
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxQueued = 20000; // frames per direction; beyond, a frame is dropped
constexpr size_t kMaxFrame = 65536 + 64;

volatile std::sig_atomic_t g_stop = 0;

struct Frame
{
    Clock::time_point due;
    std::vector<char> bytes;
};

int openPort(const char *name)
{
    const unsigned index = if_nametoindex(name);
    if (index == 0)
        return -1;
    const int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (fd < 0)
        return -1;
    const int on = 1;
    sockaddr_ll address{};
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(ETH_P_ALL);
    address.sll_ifindex = int(index);
    packet_mreq promiscuous{};
    promiscuous.mr_ifindex = int(index);
    promiscuous.mr_type = PACKET_MR_PROMISC;
    if (::setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &on, sizeof on) != 0 ||
        ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &promiscuous, sizeof promiscuous) !=
            0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Takes every frame that arrived on `from` (not those this program sent out of it) into queue.
void receive(int from, std::deque<Frame> &queue, std::chrono::milliseconds delay)
{
    std::vector<char> buffer(kMaxFrame);
    for (;;) {
        sockaddr_ll source{};
        socklen_t length = sizeof source;
        const ssize_t n = ::recvfrom(from, buffer.data(), buffer.size(), 0,
                                     reinterpret_cast<sockaddr *>(&source), &length);
        if (n <= 0)
            return;
        if (source.sll_pkttype == PACKET_OUTGOING || queue.size() >= kMaxQueued)
            continue;
        queue.push_back({Clock::now() + delay, {buffer.begin(), buffer.begin() + n}});
    }
}

void sendDue(int to, std::deque<Frame> &queue)
{
    const auto now = Clock::now();
    while (!queue.empty() && queue.front().due <= now) {
        const auto &bytes = queue.front().bytes;
        if (::send(to, bytes.data(), bytes.size(), 0) < 0 && errno == EAGAIN)
            return; // the interface is busy: the frame goes on the next turn
        queue.pop_front();
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s IF1 IF2 DELAY_MS [SECONDS]\n", argv[0]);
        return 2;
    }
    const std::chrono::milliseconds delay{std::atoi(argv[3])};
    const auto end = Clock::now() + std::chrono::seconds(argc > 4 ? std::atoi(argv[4]) : 1200);
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    std::signal(SIGINT, [](int) { g_stop = 1; });
    const int ports[2] = {openPort(argv[1]), openPort(argv[2])};
    if (ports[0] < 0 || ports[1] < 0) {
        std::perror("l2delay: cannot open the interfaces");
        return 1;
    }
    std::printf("ready: %s <-> %s, %lld ms each way\n", argv[1], argv[2],
                static_cast<long long>(delay.count()));
    std::fflush(stdout);
    std::deque<Frame> queues[2]; // queues[i]: frames that arrived on ports[i], for the other
    while (!g_stop && Clock::now() < end) {
        auto next = end;
        for (const auto &queue : queues) {
            if (!queue.empty())
                next = std::min(next, queue.front().due);
        }
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now());
        pollfd fds[2] = {{ports[0], POLLIN, 0}, {ports[1], POLLIN, 0}};
        if (::poll(fds, 2, int(std::clamp<long long>(wait.count(), 0, 1000))) < 0 && errno != EINTR)
            break;
        for (int i : {0, 1}) {
            if (fds[i].revents & POLLIN)
                receive(ports[i], queues[i], delay);
        }
        sendDue(ports[1], queues[0]);
        sendDue(ports[0], queues[1]);
    }
    ::close(ports[0]);
    ::close(ports[1]);
    return 0;
}
