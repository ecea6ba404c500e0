# parready_facts(): parready's extraction as build actions (docs/build-actions.md).
#
#   parready_facts(TARGET <target>...
#                  [NAME <custom-target>]      # default: parready
#                  [REPORT <file>]             # default: <build>/parready-report.json
#                  [FORMATS <format=file>...]  # more reports, as parready --format
#                  [LINK_OPTIONS <option>...]  # more parready link options (--runner bazel, --durations f)
#                  [ALL])                      # part of the default build
#
# One custom command per C/C++ source of the targets, and of the project's
# libraries they link, runs `parready extract` on it with the command CMake
# itself exported (compile_commands.json), so Ninja or Make run extraction in
# parallel and again only for a source or header that changed (a depfile
# lists what each source includes). One more command runs `parready link`
# over all the facts: its reports are those of a one-shot `parready -p
# <build>` run over the same sources, byte for byte.
#
# PARREADY_EXECUTABLE names the parready binary (found on PATH by default).
include_guard(GLOBAL)
cmake_minimum_required(VERSION 3.25)

find_program(PARREADY_EXECUTABLE parready DOC "The parready binary that parready_facts() and parready_check() run")

# Checks shared by parready_facts() and parready_check() (ParreadyCheck.cmake).
function(_parready_require caller)
  if(NOT PARREADY_EXECUTABLE)
    message(FATAL_ERROR "${caller}: parready not found; set PARREADY_EXECUTABLE to its path")
  endif()
  if(NOT CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    message(FATAL_ERROR "${caller}: needs a Ninja or Makefile generator (for compile_commands.json)")
  endif()
endfunction()

# The C/C++ translation units among the sources of `target` (absolute paths),
# appended to the list named by `out`.
function(_parready_translation_units target out)
  # Local names are prefixed: `out` names a variable of the caller's.
  get_target_property(_parready_sources ${target} SOURCES)
  get_target_property(_parready_source_dir ${target} SOURCE_DIR)
  set(_parready_units ${${out}})
  foreach(source IN LISTS _parready_sources)
    if(source MATCHES "\\$<" OR NOT source MATCHES "\\.(c|cc|cpp|cxx|c\\+\\+|C)$")
      continue() # generator expressions and headers: no translation unit of its own
    endif()
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${_parready_source_dir} NORMALIZE)
    list(APPEND _parready_units ${source})
  endforeach()
  set(${out} ${_parready_units} PARENT_SCOPE)
endfunction()

# The sources of `target` and of the project's libraries it links, directly
# or through other libraries, appended to the list named by `out`.
function(_parready_collect_sources target out)
  get_property(visited GLOBAL PROPERTY _PARREADY_VISITED)
  if(target IN_LIST visited OR NOT TARGET ${target})
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY _PARREADY_VISITED ${target})
  get_target_property(imported ${target} IMPORTED)
  get_target_property(type ${target} TYPE)
  if(imported OR type STREQUAL "INTERFACE_LIBRARY")
    return()
  endif()
  # Local names are prefixed: `out` names a variable of the caller's.
  set(_parready_collected ${${out}})
  _parready_translation_units(${target} _parready_collected)
  # The project's own libraries contribute the code under test.
  get_target_property(links ${target} LINK_LIBRARIES)
  foreach(link IN LISTS links)
    if(TARGET ${link})
      _parready_collect_sources(${link} _parready_collected)
    endif()
  endforeach()
  set(${out} ${_parready_collected} PARENT_SCOPE)
endfunction()

function(parready_facts)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "ALL" "NAME;REPORT" "TARGET;FORMATS;LINK_OPTIONS")
  if(NOT ARG_TARGET)
    message(FATAL_ERROR "parready_facts: name the test targets: parready_facts(TARGET <target>...)")
  endif()
  _parready_require(parready_facts)
  if(NOT ARG_NAME)
    set(ARG_NAME parready)
  endif()
  if(NOT ARG_REPORT)
    set(ARG_REPORT ${CMAKE_BINARY_DIR}/parready-report.json)
  endif()
  set(facts_dir ${CMAKE_BINARY_DIR}/parready-facts)
  # Reconfiguring rewrites compile_commands.json and so reruns every
  # extraction; the cache makes those reruns cost a file read each.
  set(cache_dir ${CMAKE_BINARY_DIR}/.parready-cache)

  set_property(GLOBAL PROPERTY _PARREADY_VISITED "")
  set(sources "")
  foreach(target IN LISTS ARG_TARGET)
    if(NOT TARGET ${target})
      message(FATAL_ERROR "parready_facts: ${target} is not a target")
    endif()
    set_property(TARGET ${target} PROPERTY EXPORT_COMPILE_COMMANDS ON)
    _parready_collect_sources(${target} sources)
  endforeach()
  list(REMOVE_DUPLICATES sources)
  get_property(visited GLOBAL PROPERTY _PARREADY_VISITED)
  foreach(target IN LISTS visited)
    if(TARGET ${target})
      get_target_property(imported ${target} IMPORTED)
      get_target_property(type ${target} TYPE)
      if(NOT imported AND NOT type STREQUAL "INTERFACE_LIBRARY")
        set_property(TARGET ${target} PROPERTY EXPORT_COMPILE_COMMANDS ON)
      endif()
    endif()
  endforeach()

  set(records "")
  foreach(source IN LISTS sources)
    cmake_path(RELATIVE_PATH source BASE_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE relative)
    if(relative MATCHES "^\\.\\.")
      string(MAKE_C_IDENTIFIER "${source}" relative)
    endif()
    set(record ${facts_dir}/${relative}.facts.json)
    add_custom_command(
      OUTPUT ${record}
      COMMAND ${PARREADY_EXECUTABLE} extract -p ${CMAKE_BINARY_DIR} --cache-dir ${cache_dir}
              --output ${record} --depfile ${record}.d ${source}
      DEPENDS ${source} ${CMAKE_BINARY_DIR}/compile_commands.json ${PARREADY_EXECUTABLE}
      DEPFILE ${record}.d
      COMMENT "parready: facts of ${relative}"
      VERBATIM)
    list(APPEND records ${record})
  endforeach()

  # The records' list in a response file: a suite of thousands of sources
  # must not overflow the command line.
  set(record_list ${facts_dir}/${ARG_NAME}.records)
  list(JOIN records "\n" record_lines)
  file(CONFIGURE OUTPUT ${record_list} CONTENT "${record_lines}\n")
  set(formats --format json=${ARG_REPORT})
  set(byproducts "")
  foreach(format IN LISTS ARG_FORMATS)
    list(APPEND formats --format ${format})
    if(format MATCHES "=(.+)$")
      list(APPEND byproducts ${CMAKE_MATCH_1})
    endif()
  endforeach()
  # A report is not a build failure, unless the project asks for one.
  if(NOT ARG_LINK_OPTIONS MATCHES "--fail-on")
    list(APPEND ARG_LINK_OPTIONS --fail-on=never)
  endif()
  add_custom_command(
    OUTPUT ${ARG_REPORT}
    BYPRODUCTS ${byproducts}
    COMMAND ${PARREADY_EXECUTABLE} link -p ${CMAKE_BINARY_DIR} ${formats} ${ARG_LINK_OPTIONS} @${record_list}
    DEPENDS ${records} ${record_list}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    COMMENT "parready: linking the facts of ${ARG_NAME}"
    VERBATIM)
  if(ARG_ALL)
    set(all ALL)
  endif()
  add_custom_target(${ARG_NAME} ${all} DEPENDS ${ARG_REPORT})
endfunction()
