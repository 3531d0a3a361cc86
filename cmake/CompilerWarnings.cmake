# Every target of ours links tincan_warnings. CI sets CI=true, which turns warnings into errors.
set(TINCAN_WARNING_FLAGS
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
  -Woverloaded-virtual -Wpedantic -Wformat=2)
# Not -Wnull-dereference: at -O2 GCC 12 reports false positives through QPointer, which would
# fail release builds under -Werror for code that checks its pointers.
if(MSVC)
  # The flags above are GCC/Clang spellings. /utf-8: the sources are UTF-8 (string literals
  # with "—" and "…"), which MSVC would otherwise read in the local code page.
  set(TINCAN_WARNING_FLAGS /W3 /utf-8)
elseif(DEFINED ENV{CI} AND NOT "$ENV{CI}" STREQUAL "" AND NOT "$ENV{CI}" STREQUAL "false")
  list(APPEND TINCAN_WARNING_FLAGS -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 at -O2/-O3 reports std::optional<enum> members as maybe-uninitialized after
    # inlining (GCC bug 80635): shown, but not fatal, or every Release build would break.
    list(APPEND TINCAN_WARNING_FLAGS -Wno-error=maybe-uninitialized)
  endif()
endif()

add_library(tincan_warnings INTERFACE)
target_compile_options(tincan_warnings INTERFACE ${TINCAN_WARNING_FLAGS})
target_compile_definitions(tincan_warnings INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
  QT_NO_CAST_FROM_BYTEARRAY QT_USE_QSTRINGBUILDER QT_NO_KEYWORDS)

# For targets that mix our sources with generated ones (QML modules): warnings on ours only.
function(tincan_warnings_for_sources)
  set_source_files_properties(${ARGN} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    PROPERTIES COMPILE_OPTIONS "${TINCAN_WARNING_FLAGS}")
endfunction()
