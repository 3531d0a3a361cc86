#include "logging.h"

Q_LOGGING_CATEGORY(lcApp, "tincan.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProfile, "tincan.profile", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCrypto, "tincan.crypto", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNet, "tincan.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDiscovery, "tincan.discovery", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "tincan.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBridge, "tincan.bridge", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFiles, "tincan.files", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMailbox, "tincan.mailbox", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDht, "tincan.dht", QtInfoMsg)
