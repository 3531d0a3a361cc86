# macOS: an app bundle Tincan.app made self-contained by macdeployqt (Qt frameworks and plugins,
# the QML modules that qml/ imports, and non-system libraries such as Homebrew's OpenSSL), then
# packed by CPack into a drag-and-drop DMG. Not built in CI, which has no Mac; the commands are in
# packaging/README-platforms.md.

set_target_properties(tincan PROPERTIES
  OUTPUT_NAME Tincan
  MACOSX_BUNDLE_BUNDLE_NAME Tincan
  MACOSX_BUNDLE_GUI_IDENTIFIER org.tincan.Tincan
  MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
  MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
  MACOSX_BUNDLE_COPYRIGHT "GPL-3.0-or-later")

find_program(TINCAN_MACDEPLOYQT macdeployqt HINTS "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_BINS}")
if(NOT TINCAN_MACDEPLOYQT)
  message(WARNING "macdeployqt not found next to Qt: the bundle would need Qt installed")
endif()

# Runs at install time, also inside `cpack`, on the bundle just installed.
install(CODE "set(_deploy_tool \"${TINCAN_MACDEPLOYQT}\")
set(_qml_dir \"${PROJECT_SOURCE_DIR}/qml\")
set(_bundle \"$<TARGET_FILE_NAME:tincan>.app\")")
install(CODE [[
  execute_process(COMMAND "${_deploy_tool}" "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${_bundle}"
      "-qmldir=${_qml_dir}"
    RESULT_VARIABLE _status)
  if(NOT _status EQUAL 0)
    message(FATAL_ERROR "macdeployqt failed (${_status})")
  endif()
]])
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION . RENAME LICENSE.txt)

set(CPACK_GENERATOR DragNDrop)
set(CPACK_PACKAGE_NAME Tincan)
set(CPACK_PACKAGE_VENDOR "The Tincan developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Serverless, end-to-end secure chat for the local network")
set(CPACK_PACKAGE_FILE_NAME Tincan-${PROJECT_VERSION}-macos)
set(CPACK_DMG_VOLUME_NAME Tincan)
include(CPack)
