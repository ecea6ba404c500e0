// Stage 1, input: the translation units to analyse and how to compile them;
// TestSelection.h decides which of them are parsed, and when.
#pragma once

#include "facts/Facts.h"

#include <optional>
#include <string>
#include <vector>

namespace parready {

/// One TU and the compiler command that builds it.
struct CompileJob {
  std::string file;      ///< absolute path of the main file
  std::string directory; ///< the command's working directory
  std::vector<std::string> commandLine; ///< argv, compiler first
};

struct InputOptions {
  std::string buildPath; ///< directory holding compile_commands.json ("" = auto-detect)
  /// Flags after `--`: a fixed database, every file compiled with them.
  std::optional<std::vector<std::string>> fixedFlags;
  std::vector<std::string> files; ///< empty = every test TU of the database
  std::string workingDirectory;   ///< where relative FILE arguments are resolved
};

struct InputResult {
  std::vector<CompileJob> jobs;
  /// With FILE arguments and a database: the database's other TUs, support
  /// code or code under test (selectTranslationUnits tells them apart).
  std::vector<CompileJob> others;
  /// The directory of the compile_commands.json read (the build
  /// directory); "" for flags after `--`.
  std::string databaseDirectory;
  /// Set when nothing can be analysed (no database, nonexistent file): exit 2.
  std::string fatalError;
  /// Problems with single inputs: reported, the rest goes on.
  std::vector<ToolDiagnostic> diagnostics;
};

InputResult loadCompileJobs(const InputOptions &options);

/// `path` made absolute against `base`, without `.` and `..` components:
/// how file names are written from the compile database to the facts.
std::string absolutePath(const std::string &path, const std::string &base);

} // namespace parready
