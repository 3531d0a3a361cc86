# mold links the ~90 test executables several times faster than GNU ld, and linking was about a
# tenth of a build, paid in each of CI's three full builds. Used when it is installed
# (packaging/install-deps.sh installs it); the .deb keeps Debian's default linker
# (packaging/build-deb.sh turns this off).
option(TINCAN_MOLD "Link with mold when it is installed" ON)
if(TINCAN_MOLD AND NOT MSVC)
  find_program(TINCAN_MOLD_PATH mold)
  if(TINCAN_MOLD_PATH)
    include(CheckLinkerFlag)
    check_linker_flag(CXX -fuse-ld=mold TINCAN_MOLD_WORKS)
    if(TINCAN_MOLD_WORKS)
      add_link_options(-fuse-ld=mold)
    endif()
  endif()
endif()
