// `parready extract`: one translation unit's facts as a record file, the
// build action that lets a build system (Ninja through CMake, Bazel) run
// extraction next to compilation; `parready link` reads the records
// (AnalyzeOptions::factsRecords). docs/build-actions.md.
#pragma once

#include "extract/Extract.h"

#include <string>
#include <vector>

namespace parready {

struct ExtractOneOptions {
  std::string rulesDirectory;
  ExtractOptions extract;
  /// The whole compile command, compiler first (`-- g++ -Iinc -c t.cpp -o t.o`);
  /// its source is its last C or C++ source argument, its directory `workingDirectory`.
  std::vector<std::string> command;
  /// Or a build directory's compile_commands.json and the source to take from it.
  std::string buildPath;
  std::string source;
  std::string workingDirectory;
  std::string output;  ///< the record file
  std::string depfile; ///< "" or a Makefile-syntax list of the files read, for Ninja's DEPFILE
  /// A facts cache to take the facts from when nothing changed ("" = none):
  /// a reconfigured build reruns every extraction, which then costs little.
  std::string cacheDirectory;
  std::string toolIdentity; ///< as AnalyzeOptions::toolIdentity
  std::string configFile;   ///< as AnalyzeOptions::configFile
};

struct ExtractOneOutcome {
  /// Nothing was written (a usage error, exit 2).
  std::string fatalError;
  /// The TU did not parse cleanly: the record says why (exit 3).
  bool incomplete = false;
  /// The record or the depfile could not be written after the parse (exit 3).
  std::string writeError;
};

ExtractOneOutcome extractOne(const ExtractOneOptions &options);

/// The source file of a compile command: its last argument with a C or C++
/// source extension (.c .cc .cpp .cxx .c++ .C); "" when it has none.
std::string sourceOfCommand(const std::vector<std::string> &command);

} // namespace parready
