# The .deb (CPack's DEB generator), built by scripts/package.sh from the static release build:
# `cpack --config build/release/CPackConfig.cmake`. docs/packaging.md describes the package.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "piaojue")
set(CPACK_PACKAGE_VENDOR "The piaojue developers")
# No project address exists yet: the maintainer is a cache variable to set when one does
# (Debian policy wants "Name <address>").
set(PIAOJUE_DEB_MAINTAINER "The piaojue developers" CACHE STRING "The .deb's Maintainer field")
set(CPACK_PACKAGE_CONTACT ${PIAOJUE_DEB_MAINTAINER})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
# The install rules are the package: no component split, no strip beyond what the build did.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # piaojue_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
# The architecture of the target (amd64, arm64), not of the build machine: scripts/package.sh
# passes it for a cross build.
if(NOT CPACK_DEBIAN_PACKAGE_ARCHITECTURE)
  set(PIAOJUE_DEB_ARCH "" CACHE STRING "Debian architecture of the package (default: dpkg --print-architecture)")
  if(PIAOJUE_DEB_ARCH)
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${PIAOJUE_DEB_ARCH})
  endif()
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
# The release executable is a static PIE (glibc, libstdc++, OpenSSL, ICU inside): it runs on the
# older glibc of UOS and Kylin (2.28–2.31), so the package depends on nothing. The shlibdeps scan
# is off so that the build needs no dpkg-dev.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
# /usr/lib/piaojue/piaojue-render, which draws the PDF and PNG of `piaojue report`, is linked
# dynamically against cairo and pango and needs a Chinese font. Recommended, not required: apt
# installs recommendations by default, `dpkg -i` on a machine without them still gives a working
# tally, verify and HTML report, and `report --format pdf` then says what to install (exit 9;
# docs/design.md, "Printed documents").
if(PIAOJUE_RENDER)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
      "libcairo2, libpango-1.0-0, libpangocairo-1.0-0, fonts-noto-cjk | fonts-wqy-microhei")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "ballot tally and audit for livelihood-project votes (票决)")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The synopsis line is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "piaojue checks the candidate list of a 民生实事项目人大代表票决 (a township or
county people's congress choosing its livelihood projects by paper ballot),
tallies the ballots the counters key into CSV under the adopted rules, prints
the result to read aloud and writes a deterministic result record that the
counting officers sign and auditors re-verify.
.
This package holds a statically linked executable, the renderer of its printed
documents (PDF, PNG), its man page, bash and zsh
completion, the documentation (English, and a Chinese operator's guide) and
example sessions under /usr/share/doc/piaojue/.")
include(CPack)
