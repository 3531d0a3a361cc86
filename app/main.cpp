// The tincan executable: the desktop app. A headless start hands over to tincan-node.
#include "frontends.h"

int main(int argc, char *argv[])
{
    return launch(argc, argv, &guiFrontend());
}
