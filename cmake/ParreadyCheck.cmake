# parready_check(): once a test target is built, parready analyses its sources
# and writes the CTest properties (RESOURCE_LOCK / RUN_SERIAL) that `ctest -j`
# then applies to its tests, with no step of the user's (docs/install.md).
#
#   parready_check(TARGET <test-target>
#                  [FORMAT <format[=file]>...]  # more reports, as parready --format;
#                                               # a relative file is in the current binary dir
#                  [OPTIONS <option>...])       # more parready options (--runner, --strict, ...)
#
# Call it in the directory that discovers the target's tests
# (gtest_discover_tests, catch_discover_tests, doctest_discover_tests), before
# or after the discovery call. PARREADY_EXECUTABLE names the parready binary:
# find_package(parready) sets it to the installed one, else it is found on PATH.
include_guard(GLOBAL)
cmake_minimum_required(VERSION 3.25)

include(${CMAKE_CURRENT_LIST_DIR}/ParreadyFacts.cmake)

function(parready_check)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "TARGET" "FORMAT;OPTIONS")
  if(NOT ARG_TARGET OR NOT TARGET "${ARG_TARGET}")
    message(FATAL_ERROR "parready_check: name a test target of this project: parready_check(TARGET <target>)")
  endif()
  _parready_require(parready_check)
  get_target_property(exported ${ARG_TARGET} EXPORT_COMPILE_COMMANDS)
  if(NOT exported)
    message(FATAL_ERROR
      "parready_check: parready reads the compile commands of ${ARG_TARGET} from "
      "${CMAKE_BINARY_DIR}/compile_commands.json, which CMake writes only with "
      "CMAKE_EXPORT_COMPILE_COMMANDS on: set(CMAKE_EXPORT_COMPILE_COMMANDS ON) before the "
      "targets are created, or configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON")
  endif()
  set(sources "")
  _parready_translation_units(${ARG_TARGET} sources)
  if(NOT sources)
    message(FATAL_ERROR "parready_check: ${ARG_TARGET} has no C or C++ source to analyse")
  endif()

  set(properties ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_parready.cmake)
  set(formats --format ctest=${properties})
  set(byproducts ${properties})
  foreach(format IN LISTS ARG_FORMAT)
    if(format MATCHES "^([^=]+)=(.+)$")
      set(name ${CMAKE_MATCH_1})
      set(file ${CMAKE_MATCH_2})
      # parready runs in the source directory: a report named by a relative
      # path belongs to the build, not the source tree.
      cmake_path(ABSOLUTE_PATH file BASE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR} NORMALIZE)
      list(APPEND formats --format ${name}=${file})
      list(APPEND byproducts ${file})
    else()
      list(APPEND formats --format ${format})
    endif()
  endforeach()

  # The hazards found are what the locks are for: a check that writes them
  # does not fail the build (--fail-on=never). Ninja shows a command's output
  # only once it ends, so progress lines would all arrive late, at once. The
  # project's OPTIONS come after these: a later --fail-on or --progress wins.
  add_custom_command(TARGET ${ARG_TARGET} POST_BUILD
    COMMAND ${PARREADY_EXECUTABLE} -p ${CMAKE_BINARY_DIR} --fail-on=never --progress=never
            ${formats} ${ARG_OPTIONS} ${sources}
    BYPRODUCTS ${byproducts}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    COMMENT "parready: CTest properties of ${ARG_TARGET}"
    VERBATIM)

  # The properties exist once the target is built; a ctest run before that
  # finds no file to include, so CTest includes it through this wrapper.
  set(include ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_parready_include.cmake)
  file(CONFIGURE OUTPUT ${include}
       CONTENT "if(EXISTS [==[${properties}]==])\n  include([==[${properties}]==])\nendif()\n" @ONLY)
  # CTest includes a directory's TEST_INCLUDE_FILES in order, and a
  # set_tests_properties() there skips a name that is no test yet, silently.
  # Appended now, the properties would come before the test list of a later
  # gtest_discover_tests() and apply to nothing: they are appended when the
  # directory ends, after every discovery call of it. (The variable is
  # expanded now: a deferred call sees the directory's variables, not ours.)
  cmake_language(EVAL CODE
    "cmake_language(DEFER CALL set_property DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES [==[${include}]==])")
endfunction()
