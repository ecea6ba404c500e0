#include "pipeline/ExtractOne.h"

#include "cache/FactsRecord.h"
#include "pipeline/Extraction.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <array>

namespace parready {

namespace {

/// A path as a Makefile-syntax dependency (what Ninja's depfile parser reads).
std::string depfileEscaped(const std::string &path) {
  std::string escaped;
  for (char c : path) {
    if (c == ' ' || c == '#' || c == '\\')
      escaped += '\\';
    else if (c == '$')
      escaped += '$';
    escaped += c;
  }
  return escaped;
}

std::string writeDepfile(const std::string &path, const std::string &target, const TranslationUnitFacts &facts,
                         const std::vector<std::string> &configurationFiles) {
  if (llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &out) {
        out << depfileEscaped(target) << ":";
        for (const std::vector<std::string> *files : {&facts.includedFiles, &configurationFiles})
          for (const std::string &file : *files)
            out << " \\\n  " << depfileEscaped(file);
        out << "\n";
        return llvm::Error::success();
      }))
    return path + ": cannot write: " + llvm::toString(std::move(error));
  return "";
}

/// The job to extract: from the command after `--`, or from the build's database.
std::string resolveJob(const ExtractOneOptions &options, CompileJob &job) {
  if (!options.command.empty()) {
    std::string source = options.source.empty() ? sourceOfCommand(options.command) : options.source;
    if (source.empty())
      return "the compile command after -- names no C or C++ source file (.c .cc .cpp .cxx .c++ .C)";
    job = {absolutePath(source, options.workingDirectory), options.workingDirectory, options.command};
    return "";
  }
  if (options.source.empty())
    return "name the source: parready extract --output FILE -p BUILD_DIR SOURCE, or -- COMPILE_COMMAND";
  InputOptions input{.buildPath = options.buildPath, .files = {options.source},
                     .workingDirectory = options.workingDirectory};
  InputResult loaded = loadCompileJobs(input);
  if (!loaded.fatalError.empty())
    return loaded.fatalError;
  if (loaded.jobs.empty())
    return options.source + ": no compile command for this file in the compilation database";
  job = loaded.jobs.front();
  return "";
}

} // namespace

std::string sourceOfCommand(const std::vector<std::string> &command) {
  static constexpr std::array<llvm::StringLiteral, 6> extensions = {".c", ".cc", ".cpp", ".cxx", ".c++", ".C"};
  for (auto argument = command.rbegin(); argument != command.rend(); ++argument) {
    llvm::StringRef extension = llvm::sys::path::extension(*argument);
    if (!llvm::StringRef(*argument).starts_with("-") &&
        std::find(extensions.begin(), extensions.end(), extension) != extensions.end())
      return *argument;
  }
  return "";
}

ExtractOneOutcome extractOne(const ExtractOneOptions &options) {
  ExtractOneOutcome outcome;
  if (options.output.empty()) {
    outcome.fatalError = "--output FILE is required";
    return outcome;
  }
  ApiCatalog catalog;
  if (std::string error = loadExtractionCatalog(options.rulesDirectory, options.extract.resourceDir, catalog);
      !error.empty()) {
    outcome.fatalError = error;
    return outcome;
  }
  CompileJob job;
  if (std::string error = resolveJob(options, job); !error.empty()) {
    outcome.fatalError = error;
    return outcome;
  }
  // The .parready.json files of the source add to its catalog, as in a
  // one-shot run, so that both extract the same facts.
  RuleSet rules;
  if (std::string error = rules.load(options.rulesDirectory); !error.empty()) {
    outcome.fatalError = error;
    return outcome;
  }
  Configurations configurations(rules, options.configFile);
  ProjectCatalogs catalogs(catalog, configurations);
  catalogs.prepare({job});
  if (!configurations.errors().empty()) {
    outcome.fatalError = configurations.errors().front();
    return outcome;
  }
  // The depfile names them too: a changed catalog entry reruns the action.
  std::vector<std::string> configurationFiles;
  for (const ConfigurationFile *file : configurations.forFile(job.file).chain)
    configurationFiles.push_back(file->path);
  llvm::CrashRecoveryContext::Enable();
  auto started = std::chrono::system_clock::now();
  std::unique_ptr<FactsCache> cache = openFactsCache(
      options.cacheDirectory.empty() ? "" : absolutePath(options.cacheDirectory, options.workingDirectory),
      options.toolIdentity, catalogs.of(job.file), options.extract.resourceDir, {});
  TranslationUnitFacts facts = cachedOrExtracted(cache.get(), job, catalogs.of(job.file), options.extract, {});
  outcome.incomplete = !facts.parsedCleanly;
  FactsRecord record;
  // A file that changed during the parse is the build system's to notice:
  // it sees the newer input and runs the action again.
  makeRecord(job, facts, started, stampFile, record);
  outcome.writeError = writeRecordFile(options.output, record);
  if (outcome.writeError.empty() && !options.depfile.empty())
    outcome.writeError = writeDepfile(options.depfile, options.output, facts, configurationFiles);
  return outcome;
}

} // namespace parready
