// Which translation units make up which test program, and how CTest runs each
// program: read from the build when it says so (CMake's file API, CTest's
// JSON listing), assumed otherwise. Link follows calls inside one program
// only; classify says which runs a hazard between two tests of one program
// bites (docs/architecture.md).
#pragma once

#include "facts/Facts.h"
#include "facts/Programs.h"
#include "input/TestSelection.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parready {

/// The targets of the newest CMake file-API reply under `buildDirectory`
/// (`.cmake/api/v1/reply/index-*.json` -> codemodel-v2 -> targets), every
/// path absolute. nullopt when there is no reply; `problem` says why a reply
/// that exists cannot be read.
std::optional<ProgramStructure> readCmakeFileApi(const std::string &buildDirectory, std::string &problem);

/// Asks CMake for the code model on its next run: writes the client query
/// file `.cmake/api/v1/query/client-parready/codemodel-v2`. False when the
/// build directory cannot take it.
bool requestCmakeFileApi(const std::string &buildDirectory);

/// Without the build's word: each test file is a program of its own, linked
/// with every non-test file (support and library), never with another test file.
ProgramStructure assumedPrograms(const TranslationUnitSelection &selection);

/// Sets each executable's CtestRegistration from `ctest --show-only=json-v1`
/// output. ctest leaves out the command of a test whose binary is not built
/// yet: `writtenCommands` has it, by test name, as CTestTestfile.cmake spells
/// it. Returns "" or why the text cannot be read (nothing is changed then).
std::string applyCtestRegistrations(const std::string &ctestJson, ProgramStructure &programs,
                                    const std::map<std::string, std::vector<std::string>> &writtenCommands = {});

/// Every test's command as the build's CTestTestfile.cmake files register
/// it, by test name (`add_test(name "/build/bin/x" args...)`, following
/// `subdirs("...")`).
std::map<std::string, std::vector<std::string>> readCtestTestfiles(const std::string &buildDirectory);

/// How one run finds its programs.
struct ProgramsRequest {
  std::string buildDirectory; ///< `-p`, absolute; empty without one
  /// Which files run the `ctest` binary of the build; empty skips CTest.
  std::string ctestProgram = "ctest";
  unsigned ctestTimeoutSeconds = 30;
  /// Notes for a curious user (CTest could not be asked); may be empty.
  std::function<void(const std::string &)> note;
};

/// The policy: the file-API reply when the build directory has one (test
/// files it does not know become programs of their own); otherwise the query
/// is written, a warning asks the user to re-run CMake, and the programs are
/// assumed. CTest's registrations are added when `ctest` answers.
ProgramStructure findPrograms(const ProgramsRequest &request, const TranslationUnitSelection &selection,
                              std::vector<ToolDiagnostic> &diagnostics);

} // namespace parready
