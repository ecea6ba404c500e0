// Which translation units a run parses, and in which round: the policy
// between the compilation database and extraction. What counts as a test, a
// test directory or a vendored folder is catalog data (ApiCatalog), not C++.
#pragma once

#include "catalog/ApiCatalog.h"
#include "facts/Facts.h"
#include "facts/Programs.h"
#include "input/Input.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace parready {

/// The translation units of one run, by the part they play.
struct TranslationUnitSelection {
  /// Files that define tests: parsed in the first round; the report is about them.
  std::vector<CompileJob> tests;
  /// Non-test files in a test file's directory (tests/utils.cpp): parsed with
  /// the tests, they only lend their functions to link.
  std::vector<CompileJob> support;
  /// The code under test, vendored folders left out: parsed in later rounds,
  /// and only the files that may define a function the tests reach
  /// (takeDefinersOfUnresolvedCalls).
  std::vector<CompileJob> library;
  /// The tests that must define a test case: named as FILE, or their text
  /// names a test macro. A file taken for a plain test program only because a
  /// file of tests/ mentions main( is not one when it defines no main():
  /// it is not listed as skipped.
  std::set<std::string> mustDefineTests;
};

struct SelectionOptions {
  /// The user named the files (FILE arguments): those are the tests, whatever
  /// their text; the database's other files are support or library.
  bool filesNamed = false;
  /// `--follow-library`: keep the library; otherwise it stays empty.
  bool followLibrary = true;
};

/// Sorts the loaded compile jobs into tests, support and library. Without
/// named files a job is a test when its text uses a framework's test macro or
/// it is a plain test program; a file that cannot be read counts as a test,
/// so that extraction reports why. A non-test file is support when it shares
/// a directory with a test, else library unless it lies in a vendored folder.
TranslationUnitSelection selectTranslationUnits(const InputResult &input, const ApiCatalog &catalog,
                                                const SelectionOptions &options);

/// What the build says is a test program, the text may not: an executable
/// registered with CTest of which no source was taken for a test (its main()
/// comes from a shared header: jansson's test/suites/api/util.h). Its sources
/// in a test directory or with a test file name that call no framework
/// runner move from support or library to the tests.
void addRegisteredTestPrograms(TranslationUnitSelection &selection, const ProgramStructure &programs,
                               const ApiCatalog &catalog);

/// How many rounds of library files follow the first round (tests and
/// support): a test's call into the library, that file's call into another.
inline constexpr unsigned LibraryRounds = 2;

/// The next library round: moves out of `library` the files whose text names
/// a function that the `parsed` TUs call but none of them defines (virtual
/// calls included, so their overriders come too). A cheap text test, so a
/// file is parsed only if it may define such a function; destructors and
/// operators are not looked for.
std::vector<CompileJob> takeDefinersOfUnresolvedCalls(const std::vector<TranslationUnitFacts> &parsed,
                                                      std::vector<CompileJob> &library);

/// The names of the catalog's test macros (TEST, TEST_F, TEST_CASE, START_TEST...).
std::vector<std::string> testMacroNames(const ApiCatalog &catalog);

/// Where `text` first spells one of the test macros followed by '(' (an
/// offset), or nothing.
std::optional<size_t> findTestMacro(std::string_view text, const std::vector<std::string> &macroNames);

/// Cheap text pre-filter: does the file spell one of the test macros followed
/// by '('? Only such files are parsed when the whole database is analysed.
bool mentionsTestMacro(const std::string &fileContents, const std::vector<std::string> &macroNames);

/// A plain test program: a file in one of the catalog's test directories or
/// with a test file name (test_x.c, x_test.cpp) that defines main(), calls no
/// framework's runner (the catalog's `runner_entry_points`) and includes none
/// of the test frameworks' headers (the test macros' `defined_in`).
bool isPlainTestProgram(const std::string &path, const std::string &fileContents, const ApiCatalog &catalog);

} // namespace parready
