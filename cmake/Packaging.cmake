# `cpack` (or `cmake --build build --target package`): a .deb of what
# `cmake --install` installs, under /usr (docs/install.md).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME parready)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(PARREADY_PACKAGE_CONTACT "parready maintainers <maintainers@users.noreply.r-seed-32307173.example>"
    CACHE STRING "Maintainer of the .deb (Name <email>)")
set(CPACK_PACKAGE_CONTACT ${PARREADY_PACKAGE_CONTACT})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${PARREADY_PACKAGE_CONTACT})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "tells whether a C/C++ test suite can run in parallel")
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "parready reads a C/C++ test suite through Clang and sorts every test into safe,"
  "fixable or serial, with the evidence and the fix for each hazard. Its CTest"
  "properties (RESOURCE_LOCK, RUN_SERIAL) let the rest of the suite run with"
  "ctest -j today; find_package(parready) gives CMake projects parready_check(),"
  "which applies them on every build.")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# parready_<version>_<arch>.deb, Debian's naming, not CPack's <name>-<version>-Linux.deb.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends: libclang-cpp and LLVM, from the libraries the binary links
# (dpkg-shlibdeps). Clang's builtin headers (stddef.h, ...) are no library:
# parready uses those of the clang-19 it was built against (docs/usage.md).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libclang-common-${LLVM_VERSION_MAJOR}-dev")
# The packaged binary finds those libraries on the system's path, not through
# the RUNPATH of `cmake --install` (PackageRunpath.cmake says why).
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/PackageRunpath.cmake)
include(CPack)
