# Read by ctest before it runs any test (TEST_INCLUDE_FILES of tests/). No test may touch the
# keyring of the user who runs the suite, so every tincan process a test starts keeps its keys in
# files; tests/app/keyring-session.sh gives the keyring test a keyring of its own.
set(ENV{TINCAN_KEY_STORAGE} file)
