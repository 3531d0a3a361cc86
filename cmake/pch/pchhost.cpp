// The one source of tincan_pch, the target that compiles cmake/pch/qtheaders.h once for the
// whole build (cmake/Precompiled.cmake). It has no code of its own.
namespace Tincan::Precompiled {
int hostAnchor = 0; // a static library needs at least one symbol
} // namespace Tincan::Precompiled
