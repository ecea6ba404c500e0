// The programs of a suite: which translation units are linked into which
// executable, and how CTest runs each executable. Input reads it from the
// build (CMake's file API, `ctest --show-only=json-v1`) or assumes it; link
// follows calls inside one program only, classify says which runs a hazard
// between two tests of one program bites. See docs/architecture.md.
#pragma once

#include "facts/EnumNames.h"

#include <string>
#include <vector>

namespace parready {

/// How CTest runs the tests of one executable.
enum class CtestRegistration {
  Unknown,       ///< no CTest information (no build directory, ctest failed)
  NotRegistered, ///< CTest knows the build but runs nothing of this executable
  OneEntry,      ///< one `add_test` for the whole binary: its tests run serially in one process
  PerCase,       ///< several entries (gtest_discover_tests, catch_discover_tests...): one process per case
};

template <> struct NamesOf<CtestRegistration> {
  static constexpr EnumNames<CtestRegistration, 4> names{{{{CtestRegistration::Unknown, "unknown"},
                                                           {CtestRegistration::NotRegistered, "not_registered"},
                                                           {CtestRegistration::OneEntry, "one_entry"},
                                                           {CtestRegistration::PerCase, "per_case"}}}};
};

/// One target of the build: an executable (a program) or a library.
struct BuildTarget {
  std::string name;
  bool executable = false;
  std::vector<std::string> sources;   ///< absolute paths of the TUs compiled into it
  std::vector<std::string> artifacts; ///< absolute paths of what it builds
  /// Indexes into ProgramStructure::targets of the targets it links, direct
  /// and indirect (a program sees the functions of every library below it).
  std::vector<size_t> dependencies;
  CtestRegistration registration = CtestRegistration::Unknown;
};

/// How the build groups translation units into programs.
struct ProgramStructure {
  /// Empty: one program holds every TU (nothing is known about the build).
  std::vector<BuildTarget> targets;
  /// Where `targets` came from: "cmake-file-api", or "assumed" (each test file
  /// is its own program over the non-test files).
  std::string origin;
};

} // namespace parready
