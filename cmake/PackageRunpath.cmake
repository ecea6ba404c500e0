# CPack runs this (CPACK_PRE_BUILD_SCRIPTS) on its staging tree, before it
# builds the .deb: the packaged binary loses the RUNPATH into
# /usr/lib/llvm-19/lib that `cmake --install` gives it. The libraries of its
# Depends are on the system's library path; the RUNPATH would instead send
# dpkg-shlibdeps to /usr/lib/llvm-19/lib/libLLVM.so.19.1, a link that
# llvm-19-dev ships, so that libllvm19 was missing from Depends in some runs.
file(GLOB_RECURSE binaries "${CPACK_TEMPORARY_DIRECTORY}/*/bin/parready")
if(NOT binaries)
  message(FATAL_ERROR "no bin/parready under ${CPACK_TEMPORARY_DIRECTORY}")
endif()
foreach(binary IN LISTS binaries)
  file(RPATH_REMOVE FILE ${binary})
endforeach()
