# Install layout and the two Debian packages (cpack -G DEB, or scripts/package):
#   kiosk_<version>_<arch>.deb            kiosk, kioskctl, assets, /etc/kiosk, kiosk.service
#   district-server_<version>_<arch>.deb  district-server, /etc/district-server, its unit, its nginx site
# Depends come from dpkg-shlibdeps (the Debian packages of the libraries the binaries link),
# plus what they load by path (fonts); nothing is bundled.
include(GNUInstallDirs)

# Who answers for the packages (Debian's Maintainer field): set it to the district IT team.
set(KIOSK_MAINTAINER "School kiosk developers <kiosk-developers@schools.example.org>" CACHE STRING
    "Maintainer of the .deb packages: Name <email>")

# Debian's systemd looks for packaged units here (merged /usr makes /usr/lib/... the same).
set(KIOSK_SYSTEMD_UNIT_DIR /lib/systemd/system)

# --- kiosk ---
install(TARGETS kiosk kioskctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
# The kiosk finds these at ../share/kiosk next to its binary.
install(DIRECTORY assets/i18n assets/checkin assets/directory
        DESTINATION ${CMAKE_INSTALL_DATADIR}/kiosk COMPONENT kiosk)
install(FILES kiosk/deploy/kiosk.json DESTINATION /etc/kiosk COMPONENT kiosk)
install(FILES kiosk/deploy/kiosk.default DESTINATION /etc/default RENAME kiosk COMPONENT kiosk)
install(FILES kiosk/deploy/kiosk.service DESTINATION ${KIOSK_SYSTEMD_UNIT_DIR} COMPONENT kiosk)
install(FILES docs/deploy-raspberry-pi.md docs/config.md docs/sync-protocol.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/kiosk COMPONENT kiosk)

# --- district-server ---
install(TARGETS district-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT server)
install(FILES server/deploy/district-server.conf DESTINATION /etc/district-server COMPONENT server)
install(FILES server/deploy/district-server.service DESTINATION ${KIOSK_SYSTEMD_UNIT_DIR} COMPONENT server)
# nginx in front: TLS, slow and oversized clients (README "Run the district server").
install(FILES server/deploy/nginx-site.conf DESTINATION /etc/nginx/conf.d RENAME district-server.conf COMPONENT server)
# The web console's static pages, served by that nginx site under /admin/.
install(FILES server/web/index.html server/web/console.css server/web/console.js
        DESTINATION ${CMAKE_INSTALL_DATADIR}/district-server/web COMPONENT server)
install(FILES README.md docs/sync-protocol.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/district-server COMPONENT server)

# Debian wants a copyright file and a compressed changelog in every package's doc folder
# (changelog.gz: these are native packages, their version has no Debian revision).
foreach(package kiosk district-server)
  if(package STREQUAL "kiosk")
    set(component kiosk)
  else()
    set(component server)
  endif()
  set(doc ${CMAKE_BINARY_DIR}/packaging/${package})
  file(MAKE_DIRECTORY ${doc})
  configure_file(${PROJECT_SOURCE_DIR}/cmake/copyright.in ${doc}/copyright @ONLY)
  string(TIMESTAMP changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
  file(WRITE ${doc}/changelog
    "${package} (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
    "  * Built from the school kiosk sources; see the project's git history.\n\n"
    " -- ${KIOSK_MAINTAINER}  ${changelog_date}\n")
  # -n: no name or time in the gzip header, so the package is reproducible.
  execute_process(COMMAND gzip -9nf ${doc}/changelog)
  install(FILES ${doc}/copyright ${doc}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endforeach()

# Manual pages, made from each program's --help by help2man so they never disagree with it.
# In a cross build the programs run through the emulator.
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(_man_pages)
  foreach(entry "kiosk|1|the school lobby kiosk: services directory and student check-in|kiosk"
                "kioskctl|1|look after a school lobby kiosk: imports, check-ins, status, sync, doctor|kiosk"
                "district-server|8|the district server school kiosks sync with, and its admin commands|server")
    string(REPLACE "|" ";" entry "${entry}")
    list(GET entry 0 program)
    list(GET entry 1 section)
    list(GET entry 2 summary)
    list(GET entry 3 component)
    set(runner ${CMAKE_BINARY_DIR}/packaging/run/${program})
    list(JOIN CMAKE_CROSSCOMPILING_EMULATOR " " emulator)
    file(GENERATE OUTPUT ${runner}
      CONTENT "#!/bin/sh\nexec ${emulator} \"$<TARGET_FILE:${program}>\" \"$@\"\n"
      FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    set(page ${CMAKE_BINARY_DIR}/packaging/man/${program}.${section})
    add_custom_command(OUTPUT ${page}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/packaging/man
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=${section}
              --version-string=${PROJECT_VERSION} --name=${summary} --output=${page} ${runner}
      COMMAND gzip -9nf ${page}
      DEPENDS ${program}
      COMMENT "Manual page ${program}(${section})"
      VERBATIM)
    list(APPEND _man_pages ${page}.gz)
    install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section} COMPONENT ${component})
  endforeach()
  add_custom_target(man_pages ALL DEPENDS ${_man_pages})
else()
  message(STATUS "help2man not found: the packages will have no manual pages (scripts/setup installs it)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${KIOSK_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk server)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://openreferral.org/")
if(CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR STREQUAL "aarch64")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
  # dpkg-shlibdeps reads the arm64 libraries' package records from the multiarch paths.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS /usr/lib/aarch64-linux-gnu)
endif()

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME kiosk)
set(CPACK_DEBIAN_KIOSK_DESCRIPTION "School lobby kiosk: community services directory and student check-in
A fullscreen touchscreen kiosk for school lobbies. Families browse the
district's directory of community partner services (Open Referral HSDS 3.0)
in their own language and take a service home with a QR code; students
check in and out of after-school programs. Records are kept in SQLite and
synced with the district server over HTTPS.")
# What the kiosk loads at run time, which dpkg-shlibdeps cannot see: GLFW dlopens libGL for
# its GLX context, Mesa's drivers draw (v3d on a Pi 4/5, llvmpipe elsewhere), and the fonts
# are opened by path. adduser is for the postinst.
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
  "adduser, libgl1, libgl1-mesa-dri, fonts-noto-core, fonts-noto-cjk, fonts-material-design-icons-iconfont")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/kiosk/deploy/postinst
  ${PROJECT_SOURCE_DIR}/kiosk/deploy/prerm
  ${PROJECT_SOURCE_DIR}/kiosk/deploy/postrm
  ${CMAKE_BINARY_DIR}/packaging/kiosk/conffiles)
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_STRICT_PERMISSION ON)
file(WRITE ${CMAKE_BINARY_DIR}/packaging/kiosk/conffiles "/etc/default/kiosk\n/etc/kiosk/kiosk.json\n")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME district-server)
set(CPACK_DEBIAN_SERVER_DESCRIPTION "District server for school lobby kiosks
The reference server the school kiosks sync with: an Open Referral HSDS 3.0
directory API, kiosk enrolment with bearer tokens, check-in ingest stored
exactly once, attendance reports with small groups suppressed, and a web
console for district IT, partners and school staff. Served over
HTTPS by nginx, which holds TLS and slow or oversized clients, in front of the
server on a Unix socket.")
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, nginx (>= 1.22), openssl, libjs-chart.js")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/server/deploy/postinst
  ${PROJECT_SOURCE_DIR}/server/deploy/prerm
  ${PROJECT_SOURCE_DIR}/server/deploy/postrm
  ${CMAKE_BINARY_DIR}/packaging/district-server/conffiles)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)
file(WRITE ${CMAKE_BINARY_DIR}/packaging/district-server/conffiles
  "/etc/district-server/district-server.conf\n/etc/nginx/conf.d/district-server.conf\n")

include(CPack)
