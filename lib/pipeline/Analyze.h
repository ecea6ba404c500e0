// Runs the whole pipeline of docs/architecture.md: input (load, select) ->
// extract (parallel, in rounds) -> link -> rules -> classify. A driver only:
// which files are tests and which library files to parse is input's policy
// (input/TestSelection.h). The tool only parses arguments and calls this.
#pragma once

#include "classify/Classify.h"
#include "extract/Extract.h"
#include "input/Input.h"

#include <functional>
#include <optional>
#include <string>

namespace parready {

struct AnalyzeOptions {
  InputOptions input;
  std::string rulesDirectory;
  ExtractOptions extract;
  ClassifyOptions classify;
  unsigned jobs = 0; ///< 0: one per hardware thread
  /// Also parse the code under test that tests call into (the database's
  /// other TUs that define a function the tests reach but no parsed TU has).
  bool followLibrary = true;
  /// The command line set the runner model or library following: the
  /// working directory's .parready.json does not change them.
  bool runnerGiven = false, followLibraryGiven = false;
  /// --config: this file applies to every file, instead of the
  /// .parready.json found upward from each (docs/configuration.md).
  std::string configFile;
  /// --changed-only: the files a commit changes (absolute). The whole suite
  /// is analysed; only findings in or caused by them are shown and fail the
  /// run (classify/ChangedFiles.h), and only their incomplete analysis is.
  std::optional<std::vector<std::string>> changedFiles;
  /// --baseline: findings it records are marked unchanged (classify/Baseline.h).
  std::optional<std::string> baselinePath;
  /// Measured durations (CTestCostData.txt, GoogleTest or JUnit XML): the
  /// result then carries a wall-time projection for `workers` slots.
  std::string durationsPath;
  unsigned workers = 0; ///< 0: one per hardware thread
  /// Progress lines for a terminal; may be empty.
  std::function<void(const std::string &)> progress;
  /// Details for --verbose (cache records ignored or not stored); may be empty.
  std::function<void(const std::string &)> verbose;

  /// The facts cache (docs/cache.md): nullopt puts it under the build
  /// directory (the one holding compile_commands.json; no cache for flags
  /// after `--`), "" turns it off.
  std::optional<std::string> cacheDirectory;
  /// Parse a first include that several TUs share once, into a PCH
  /// (extract/SharedPreambles.h); the facts are the same without it.
  bool sharedPreambles = true;
  /// What identifies the build of the tool in cache keys: a rebuilt parready
  /// may extract other facts.
  std::string toolIdentity;

  /// `parready link`: facts records written by `parready extract` stand for
  /// the compilation database. The run selects, follows the library and
  /// reports exactly as a one-shot run over those commands would, reading
  /// the records instead of parsing.
  std::vector<std::string> factsRecords;
};

struct AnalyzeOutcome {
  AnalysisResult result;
  /// Usage or configuration error: nothing was analysed (exit code 2).
  std::string fatalError;
  /// Mistakes in .parready.json files, "path:line:col: error: ...": nothing
  /// was analysed (exit code 2).
  std::vector<std::string> configurationErrors;
  /// "path:line:col: warning: ..." about keys the run did not use.
  std::vector<std::string> configurationWarnings;
  /// The working directory's configuration's `fail_on`, for a command line without --fail-on.
  std::optional<std::string> failOn;
  /// Some TU failed to parse, could not start or crashed: it is serial (exit code 3).
  bool incomplete = false;
};

AnalyzeOutcome analyze(const AnalyzeOptions &options);

} // namespace parready
