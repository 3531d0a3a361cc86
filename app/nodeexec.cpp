#include "frontends.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <unistd.h>
#endif

void execNodeExecutable(char *argv[])
{
#ifdef Q_OS_LINUX
    // /proc/self/exe, not argv[0]: the node beside this very file, wherever PATH found it.
    char self[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0)
        return;
    self[length] = '\0';
    char *slash = std::strrchr(self, '/');
    static const char name[] = "tincan-node";
    if (!slash || (slash - self) + 1 + sizeof name > sizeof self)
        return;
    std::memcpy(slash + 1, name, sizeof name);
    if (access(self, X_OK) != 0)
        return; // not installed (a build without it): run headless in this process
    execv(self, argv);
    // Present but not runnable: say so, and still run headless here rather than fail.
    std::fprintf(stderr, "tincan: cannot start %s (%s); running headless in this process\n", self,
                 std::strerror(errno));
#else
    Q_UNUSED(argv)
#endif
}
