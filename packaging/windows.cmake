# Windows: windeployqt makes the installed folder self-contained (Qt DLLs and plugins, and the QML
# modules that qml/ imports), then CPack packs it into an NSIS installer (or, with -G WIX, an MSI).
# Not built in CI, which has no Windows; the commands are in packaging/README-platforms.md.

find_program(TINCAN_WINDEPLOYQT windeployqt HINTS "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_BINS}")
if(NOT TINCAN_WINDEPLOYQT)
  message(WARNING "windeployqt not found next to Qt: the package would lack the Qt DLLs")
endif()

# windeployqt does not copy OpenSSL: tincan_core links libcrypto, and Qt's TLS plugin loads libssl.
# Both DLLs are in bin/ next to OpenSSL's include/ (the Qt installer's OpenSSL Toolkit, or
# OPENSSL_ROOT_DIR).
get_filename_component(_openssl_root "${OPENSSL_INCLUDE_DIR}" DIRECTORY)
file(GLOB TINCAN_OPENSSL_DLLS
  "${_openssl_root}/bin/libcrypto-3*.dll" "${_openssl_root}/bin/libssl-3*.dll")
if(NOT TINCAN_OPENSSL_DLLS)
  message(WARNING "OpenSSL 3 DLLs not found in ${_openssl_root}/bin; set OPENSSL_ROOT_DIR")
endif()
install(FILES ${TINCAN_OPENSSL_DLLS} DESTINATION bin)

# Runs at install time, also inside `cpack`, on the tincan.exe just installed.
install(CODE "set(_deploy_tool \"${TINCAN_WINDEPLOYQT}\")
set(_qml_dir \"${PROJECT_SOURCE_DIR}/qml\")
set(_exe \"bin/$<TARGET_FILE_NAME:tincan>\")")
install(CODE [[
  execute_process(COMMAND "${_deploy_tool}" --qmldir "${_qml_dir}" --no-translations
      "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${_exe}"
    RESULT_VARIABLE _status)
  if(NOT _status EQUAL 0)
    message(FATAL_ERROR "windeployqt failed (${_status})")
  endif()
]])

# WiX wants a license with a .txt extension; NSIS takes it too.
configure_file(${PROJECT_SOURCE_DIR}/LICENSE ${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt COPYONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt DESTINATION .)

set(CPACK_GENERATOR NSIS)
set(CPACK_PACKAGE_NAME Tincan)
set(CPACK_PACKAGE_VENDOR "The Tincan developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Serverless, end-to-end secure chat for the local network")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Tincan)
set(CPACK_PACKAGE_FILE_NAME Tincan-${PROJECT_VERSION}-windows-x64)
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt)
set(CPACK_PACKAGE_EXECUTABLES tincan Tincan) # a Start menu entry "Tincan" for bin/tincan.exe
set(CPACK_NSIS_DISPLAY_NAME Tincan)
set(CPACK_NSIS_PACKAGE_NAME Tincan)
set(CPACK_NSIS_INSTALLED_ICON_NAME bin/tincan.exe)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN tincan.exe)
# Fixed for all versions, so that an MSI of a newer version replaces an older one.
set(CPACK_WIX_UPGRADE_GUID 924ED377-372B-4AB6-BC05-1EC36C1708D8)
set(CPACK_WIX_PROGRAM_MENU_FOLDER Tincan)
include(CPack)
