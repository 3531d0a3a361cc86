// The tincan-node executable: the same node and command line as tincan, always headless, and
// linked without Qt Gui, Quick or Widgets (a build box or a server has no use for them, and
// mapping them costs about 10 MB of resident memory).
#include "frontends.h"

int main(int argc, char *argv[])
{
    return launch(argc, argv, nullptr);
}
