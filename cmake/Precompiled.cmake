# Precompiled Qt headers. Parsing Qt's headers again for each file was most of the time it
# took to compile a small one, and CI builds the tree three times (dev, ASan, Qt 6.8).
#
# One target, tincan_pch, compiles cmake/pch/qtheaders.h once; every target of ours reuses
# it. GCC uses a precompiled header only when each macro defined at its making is defined the
# same way at its use, and when no macro defined only at its use is named in its headers. So the
# host has the definitions that every user shares (Qt Core, Network, Sql and tincan_warnings) and
# no more, and qtheaders.h stays clear of module macros (QT_GUI_LIB and the like). CMake compiles
# with -Winvalid-pch, so a target that breaks this gets a warning, and fails under CI's -Werror
# instead of quietly building without the speed-up.
option(TINCAN_PCH "Precompile the Qt headers (faster builds)" ON)

if(TINCAN_PCH)
  add_library(tincan_pch STATIC ${CMAKE_CURRENT_LIST_DIR}/pch/pchhost.cpp)
  set_target_properties(tincan_pch PROPERTIES AUTOMOC OFF)
  target_link_libraries(tincan_pch PRIVATE Qt6::Core Qt6::Network Qt6::Sql tincan_warnings)
  target_precompile_headers(tincan_pch PRIVATE ${CMAKE_CURRENT_LIST_DIR}/pch/qtheaders.h)
endif()

# Every target defined under DIR (recursively) into the variable OUT.
function(tincan_targets_under dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir ${subdirs})
    tincan_targets_under(${subdir} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# A test includes its own .moc file, so AUTOMOC's mocs_compilation.cpp of an executable is
# mostly empty; the precompiled header would be its only cost (~190 MB to map in a debug build).
function(tincan_skip_empty_mocs target)
  get_target_property(autogen_dir ${target} AUTOGEN_BUILD_DIR)
  if(NOT autogen_dir)
    get_target_property(binary_dir ${target} BINARY_DIR)
    set(autogen_dir ${binary_dir}/${target}_autogen)
  endif()
  set_source_files_properties(${autogen_dir}/mocs_compilation.cpp TARGET_DIRECTORY ${target}
    PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
endfunction()

# Called once, after every target is defined: tincan_core and each target that links it, or a
# library that passes it on, reuse the precompiled headers. A target without tincan_core's Qt
# modules must not: GCC would then read qtheaders.h as text, without those modules' include
# paths. The fuzz targets (clang, -O1, -fsanitize=fuzzer) precompile their own: clang refuses a
# header precompiled with other flags (tests/fuzz/CMakeLists.txt).
function(tincan_use_precompiled_headers)
  if(NOT TINCAN_PCH)
    return()
  endif()
  tincan_targets_under(${PROJECT_SOURCE_DIR} targets)
  foreach(target ${targets})
    get_target_property(type ${target} TYPE)
    get_target_property(links ${target} LINK_LIBRARIES)
    get_target_property(dir ${target} SOURCE_DIR)
    if(target STREQUAL "tincan_pch" OR NOT type MATCHES "^(STATIC_LIBRARY|EXECUTABLE)$"
       OR dir MATCHES "/tests/fuzz$")
      continue()
    endif()
    set(carriers tincan_core tincan_launch tincan_qml)
    foreach(carrier ${carriers})
      if(target STREQUAL carrier OR carrier IN_LIST links)
        target_precompile_headers(${target} REUSE_FROM tincan_pch)
        if(type STREQUAL "EXECUTABLE")
          tincan_skip_empty_mocs(${target})
        endif()
        break()
      endif()
    endforeach()
  endforeach()
endfunction()
