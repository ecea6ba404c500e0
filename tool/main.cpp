// parready: can this C/C++ test suite run in parallel? Argument parsing only;
// the analysis lives in lib/ (see docs/usage.md for every option,
// docs/build-actions.md for the extract and link subcommands, and docs/lsp.md
// for lsp).
#include "classify/Baseline.h"
#include "config/Configuration.h"
#include "lsp/Server.h"
#include "pipeline/Analyze.h"
#include "pipeline/ExtractOne.h"
#include "report/Progress.h"
#include "report/Report.h"
#include "report/RuleReference.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <memory>

namespace {

// Exit codes (docs/usage.md).
constexpr int ExitClean = 0;
constexpr int ExitHazards = 1;
constexpr int ExitUsage = 2;
constexpr int ExitIncomplete = 3;

int fail(int code, const std::string &message) {
  // "path:line:col: error: ..." is already a compiler-style line.
  if (message.find(": error: ") != std::string::npos)
    llvm::errs() << message << "\n";
  else
    llvm::errs() << "parready: error: " << message << "\n";
  return code;
}

std::string executablePath(const char *argv0) {
  static int anchor;
  return llvm::sys::fs::getMainExecutable(argv0, &anchor);
}

std::string defaultRulesDirectory(const char *argv0) {
  std::string exe = executablePath(argv0);
  llvm::SmallString<256> installed(llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(installed, "share", "parready", "rules");
  if (llvm::sys::fs::exists(installed + "/registry.json"))
    return std::string(installed);
  return PARREADY_SOURCE_RULES_DIR;
}

/// What distinguishes this build of parready in cache keys: a rebuilt tool
/// may extract other facts under the same version number.
std::string toolIdentity(const char *argv0) {
  std::string exe = executablePath(argv0);
  std::string identity = std::string("parready ") + PARREADY_VERSION;
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(exe, status))
    identity += " " + std::to_string(status.getSize()) + " " +
                std::to_string(status.getLastModificationTime().time_since_epoch().count());
  return identity;
}

std::string currentDirectory() {
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  return std::string(cwd);
}

/// Writes every report; a failed write is reported and makes the exit code 3,
/// and the other reports are still written (their directory may be fine).
bool writeReports(const std::vector<parready::OutputTarget> &targets, const parready::AnalysisResult &result) {
  using namespace llvm;
  bool writeFailed = false;
  for (const parready::OutputTarget &target : targets) {
    parready::RenderOptions render;
    render.color = target.path.empty() && target.format == parready::Format::Text &&
                   sys::Process::StandardOutIsDisplayed();
    std::string report = parready::render(target.format, result, render);
    if (target.path.empty()) {
      outs() << report;
      outs().flush();
    } else if (std::string error = parready::writeFileAtomically(target.path, report); !error.empty()) {
      writeFailed = fail(ExitIncomplete, error) != ExitClean;
    }
  }
  return !writeFailed;
}

int exitCodeOf(const parready::AnalyzeOutcome &outcome, bool neverFail, parready::Verdict failThreshold) {
  if (outcome.incomplete)
    return ExitIncomplete;
  if (neverFail)
    return ExitClean;
  // A review-only finding fails nobody (it counts only with --strict), nor
  // one the baseline has, nor one outside the change of --changed-only.
  for (const parready::FileResult &file : outcome.result.files)
    for (const parready::Finding &finding : file.findings)
      if (finding.verdict >= failThreshold && !finding.reviewOnly && !finding.outsideChange &&
          finding.baseline != parready::BaselineState::Unchanged)
        return ExitHazards;
  return ExitClean;
}

/// --list-rules, --explain and --dump-config: reference output, no analysis.
int printReference(const std::string &rulesDirectory, bool listRules, const std::string &explain,
                   const std::string &dumpConfig, const std::string &configFile) {
  parready::RuleSet rules;
  if (std::string error = rules.load(rulesDirectory); !error.empty())
    return fail(ExitUsage, error);
  if (listRules) {
    llvm::outs() << parready::renderRuleList(rules);
    return ExitClean;
  }
  if (!explain.empty()) {
    std::string error;
    std::string page = parready::explainRule(rules, explain, rulesDirectory, error);
    if (!error.empty())
      return fail(ExitUsage, error);
    llvm::outs() << page;
    return ExitClean;
  }
  parready::Configurations configurations(rules, configFile);
  std::string dump = configurations.dump(dumpConfig);
  if (!configurations.errors().empty()) {
    for (const std::string &error : configurations.errors())
      llvm::errs() << error << "\n";
    return ExitUsage;
  }
  llvm::outs() << dump;
  return ExitClean;
}

} // namespace

int main(int argc, char **argv) {
  using namespace llvm;
  // Everything after "--" is compiler flags for a fixed database
  // (LibTooling's convention), or for `extract` the whole compile command.
  std::optional<std::vector<std::string>> afterDashes;
  int toolArgc = argc;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--") == 0) {
      afterDashes.emplace(argv + i + 1, argv + argc);
      toolArgc = i;
      break;
    }

  // Options and subcommands are locals, not self-registering globals: they
  // exist for this call only.
  cl::OptionCategory category("parready options");
  cl::SubCommand extractCommand("extract", "Write one translation unit's facts to a file, as a build action "
                                           "(docs/build-actions.md)");
  cl::SubCommand linkCommand("link", "Report on facts files written by 'parready extract', exactly as a one-shot "
                                     "run over their commands would");
  cl::SubCommand lspCommand("lsp", "Serve the Language Server Protocol on stdin/stdout: analyse when a C/C++ file "
                                   "is opened or saved, publish the findings as diagnostics (docs/lsp.md)");
  // What each subcommand takes; a run with no subcommand takes everything.
  cl::SubCommandGroup everywhere{&cl::SubCommand::getTopLevel(), &linkCommand, &extractCommand, &lspCommand};
  cl::SubCommandGroup analyses{&cl::SubCommand::getTopLevel(), &linkCommand, &lspCommand};
  cl::SubCommandGroup reports{&cl::SubCommand::getTopLevel(), &linkCommand};
  cl::SubCommandGroup parsing{&cl::SubCommand::getTopLevel(), &extractCommand, &lspCommand};
  cl::SubCommandGroup parsingRuns{&cl::SubCommand::getTopLevel(), &lspCommand};

  cl::opt<std::string> buildPath("p",
                                 cl::desc("Build directory containing compile_commands.json (for link: the build "
                                          "whose CMake file API and CTest say which sources make which program)"),
                                 cl::value_desc("build-dir"), cl::cat(category), cl::sub(everywhere));
  cl::list<std::string> formats("format",
                                 cl::desc("Report format: text (default), json, sarif, markdown, ctest or github; "
                                          "FORMAT=FILE writes that report to FILE (atomically). May be given "
                                          "several times"),
                                 cl::value_desc("format[=FILE]"), cl::ZeroOrMore, cl::cat(category),
                                 cl::sub(reports));
  cl::opt<std::string> output("o", cl::desc("Write the report to this file (atomically) instead of stdout"),
                              cl::value_desc("file"), cl::cat(category), cl::sub(reports));
  cl::opt<std::string> runner("runner",
                              cl::desc("How the tests will run: ctest (a process per test, default), "
                                       "threads (one process), bazel (private TEST_TMPDIR)"),
                              cl::init("ctest"), cl::value_desc("ctest|threads|bazel"), cl::cat(category),
                              cl::sub(analyses));
  cl::opt<unsigned> jobs("jobs", cl::desc("Translation units analysed in parallel (default: all cores)"),
                         cl::init(0), cl::value_desc("N"), cl::cat(category), cl::sub(analyses));
  // A separate prefix option, not an alias: "-j2" must not parse as a group of flags.
  cl::opt<unsigned> jobsShort("j", cl::desc("Same as --jobs (-j2, -j 2)"), cl::init(0), cl::Prefix,
                              cl::value_desc("N"), cl::cat(category), cl::sub(analyses));
  cl::opt<std::string> root("root", cl::desc("Report paths relative to this directory (default: current)"),
                            cl::value_desc("dir"), cl::cat(category), cl::sub(reports));
  cl::opt<std::string> failOn("fail-on",
                              cl::desc("Exit with 1 when a file is at least this bad: fixable (default), "
                                       "serial, or never"),
                              cl::init("fixable"), cl::value_desc("fixable|serial|never"), cl::cat(category),
                              cl::sub(reports));
  cl::opt<bool> strict("strict",
                       cl::desc("Count low-confidence findings (an unresolved path, a guessed virtual call) "
                                "in verdicts, conflicts, locks and the exit code; without it they are reported "
                                "for review only"),
                       cl::cat(category), cl::sub(analyses));
  cl::opt<std::string> rulesDir("rules-dir", cl::desc("Directory of rule and API catalogs"),
                                cl::value_desc("dir"), cl::cat(category), cl::sub(everywhere));
  cl::opt<std::string> resourceDir("resource-dir",
                                   cl::desc("Clang resource directory (default: the one of clang-19)"),
                                   cl::init(PARREADY_DEFAULT_RESOURCE_DIR), cl::value_desc("dir"),
                                   cl::cat(category), cl::sub(parsing));
  cl::opt<bool> followLibrary("follow-library",
                              cl::desc("Also parse the database's non-test files that define functions the "
                                       "tests call (default true; --follow-library=false for speed)"),
                              cl::init(true), cl::cat(category), cl::sub(analyses));
  cl::opt<std::string> durations("durations",
                                 cl::desc("Measured test durations (Testing/Temporary/CTestCostData.txt, GoogleTest "
                                          "or JUnit XML): project the suite's wall time serially, in parallel "
                                          "with the CTest properties, and after the fixable hazards are fixed"),
                                 cl::value_desc("file"), cl::cat(category), cl::sub(reports));
  cl::opt<unsigned> workers("workers", cl::desc("Parallel slots of the projection (ctest -jN; default: all cores)"),
                            cl::init(0), cl::value_desc("N"), cl::cat(category), cl::sub(reports));
  cl::opt<std::string> cacheDir("cache-dir",
                                cl::desc("Facts cache directory (default: .parready-cache in the build directory "
                                         "that holds compile_commands.json; none for flags after --)"),
                                cl::value_desc("dir"), cl::cat(category), cl::sub(parsing));
  cl::opt<bool> noCache("no-cache", cl::desc("Parse every translation unit, neither reading nor writing the cache"),
                        cl::cat(category), cl::sub(parsingRuns));
  cl::opt<bool> noSharedPreamble("no-shared-preamble",
                                 cl::desc("Parse each translation unit from scratch, without precompiling the "
                                          "first include that several of them share"),
                                 cl::cat(category), cl::sub(parsingRuns));
  cl::opt<std::string> progress("progress",
                                cl::desc("Progress on stderr: auto (a redrawn line on a terminal; in a log, lines "
                                         "once the run has taken a few seconds, then every few seconds), always "
                                         "(every message as a line), never"),
                                cl::init("auto"), cl::value_desc("auto|always|never"), cl::cat(category),
                                cl::sub(reports));
  cl::opt<bool> verbose("verbose", cl::desc("Say which cache records were ignored or not stored, and why"),
                        cl::cat(category), cl::sub(analyses));
  cl::opt<std::string> configFile("config",
                                  cl::desc("Configuration file for every analysed file, instead of the "
                                           ".parready.json found upward from each (docs/configuration.md)"),
                                  cl::value_desc("file"), cl::cat(category), cl::sub(everywhere));
  cl::opt<std::string> dumpConfig("dump-config",
                                  cl::desc("Print the configuration that applies to FILE, as parready reads it, "
                                           "and exit"),
                                  cl::value_desc("file"), cl::cat(category));
  cl::opt<bool> listRules("list-rules", cl::desc("List every rule: id, verdict, summary; then exit"),
                          cl::cat(category));
  cl::opt<std::string> explain("explain", cl::desc("Print the docs page of a rule and exit"),
                               cl::value_desc("rule"), cl::cat(category));
  cl::opt<std::string> docsUrl("docs-url",
                               cl::desc("Link rule pages in SARIF and Markdown reports and LSP diagnostics to BASE + "
                                        "docs/rules/<rule>.md (default: the build's PARREADY_DOCS_URL; empty: name "
                                        "`parready --explain <rule>` instead, and lsp links the local page)"),
                               cl::init(PARREADY_DOCS_URL), cl::value_desc("base-url"), cl::cat(category),
                               cl::sub(analyses));
  cl::opt<std::string> baselineFile("baseline",
                                    cl::desc("Report and fail on only the findings this baseline (written by "
                                             "--write-baseline, or a parready SARIF log) does not have"),
                                    cl::value_desc("file"), cl::cat(category), cl::sub(analyses));
  cl::opt<std::string> writeBaseline("write-baseline",
                                     cl::desc("Record this run's findings as a baseline for --baseline (atomically)"),
                                     cl::value_desc("file"), cl::cat(category), cl::sub(reports));
  cl::opt<bool> changedOnly("changed-only",
                            cl::desc("FILE... are the files a commit changes: analyse the whole suite, but show "
                                     "and fail on only the findings in or caused by them (the pre-commit hook)"),
                            cl::cat(category));
  cl::list<std::string> files(cl::Positional, cl::desc("[FILE...] [-- COMPILER_FLAGS]"), cl::cat(category));
  cl::list<std::string> records(cl::Positional, cl::desc("FACTS... (records written by parready extract; "
                                                         "@FILE reads more arguments from FILE)"),
                                cl::cat(category), cl::sub(linkCommand));
  cl::opt<std::string> extractOutput("output", cl::desc("The facts record to write (atomically)"),
                                     cl::value_desc("file"), cl::cat(category), cl::sub(extractCommand));
  cl::opt<std::string> depfile("depfile",
                               cl::desc("Also write the files the compiler read, in Makefile syntax "
                                        "(for Ninja's DEPFILE)"),
                               cl::value_desc("file"), cl::cat(category), cl::sub(extractCommand));
  cl::opt<std::string> extractSource(cl::Positional,
                                     cl::desc("SOURCE (with -p) | -- COMPILE_COMMAND (compiler first)"),
                                     cl::cat(category), cl::sub(extractCommand));

  for (cl::SubCommand *command : {&cl::SubCommand::getTopLevel(), &linkCommand, &extractCommand, &lspCommand})
    cl::HideUnrelatedOptions(category, *command);
  cl::SetVersionPrinter([](raw_ostream &os) { os << "parready " << PARREADY_VERSION << "\n"; });
  std::string parseErrors;
  raw_string_ostream errorStream(parseErrors);
  if (!cl::ParseCommandLineOptions(toolArgc, argv,
                                   "parready: can this C/C++ test suite run in parallel?\n\n"
                                   "Finds tests that share files, directories and global state, sorts every "
                                   "test file into safe / fixable / serial and says what to fix.\n",
                                   &errorStream)) {
    std::string first = parseErrors.substr(0, parseErrors.find('\n'));
    if (first.starts_with("parready: "))
      first = first.substr(std::strlen("parready: "));
    return fail(ExitUsage, first + " (see parready --help)");
  }

  std::string cwd = currentDirectory();
  std::string rulesDirectory = rulesDir.empty() ? defaultRulesDirectory(argv[0]) : std::string(rulesDir);
  if (listRules || !explain.empty() || !dumpConfig.empty()) {
    if (int(listRules) + int(!explain.empty()) + int(!dumpConfig.empty()) > 1)
      return fail(ExitUsage, "--list-rules, --explain and --dump-config each print one thing; give one");
    return printReference(rulesDirectory, listRules, explain, dumpConfig, configFile);
  }

  if (extractCommand) {
    parready::ExtractOneOptions options;
    options.rulesDirectory = rulesDirectory;
    options.extract.resourceDir = resourceDir;
    options.command = afterDashes.value_or(std::vector<std::string>{});
    if (afterDashes && afterDashes->empty())
      return fail(ExitUsage, "extract: the compile command after -- is empty");
    if (afterDashes && !buildPath.empty())
      return fail(ExitUsage, "extract: -p and '-- COMMAND' both give the compile command; use one");
    options.buildPath = buildPath;
    options.source = extractSource;
    options.workingDirectory = cwd;
    options.output = extractOutput;
    options.depfile = depfile;
    options.cacheDirectory = cacheDir;
    options.toolIdentity = toolIdentity(argv[0]);
    options.configFile = configFile;
    for (const std::string *path : {&options.output, &options.depfile})
      if (!path->empty())
        if (std::string error = parready::checkWritable(*path); !error.empty())
          return fail(ExitUsage, error);
    parready::ExtractOneOutcome outcome = parready::extractOne(options);
    if (!outcome.fatalError.empty())
      return fail(ExitUsage, outcome.fatalError);
    if (!outcome.writeError.empty())
      return fail(ExitIncomplete, outcome.writeError);
    return outcome.incomplete ? ExitIncomplete : ExitClean;
  }

  // The options of an analysis, as a run, link and lsp share them; "" or the usage error.
  auto analysisOptions = [&](parready::AnalyzeOptions &options) -> std::string {
    if (!parready::parse(runner, options.classify.runner))
      return "--runner=" + runner + ": expected ctest, threads or bazel";
    if (noCache && !cacheDir.empty())
      return "--no-cache and --cache-dir contradict each other; use one";
    // link reads facts records, not the cache.
    if (noCache && !linkCommand)
      options.cacheDirectory = "";
    else if (!cacheDir.empty() && !linkCommand)
      options.cacheDirectory = cacheDir;
    options.input.buildPath = buildPath;
    options.input.workingDirectory = cwd;
    options.rulesDirectory = rulesDirectory;
    options.extract.resourceDir = resourceDir;
    options.classify.root = root.empty() ? cwd : std::string(root);
    if (!llvm::sys::path::is_absolute(options.classify.root))
      options.classify.root = cwd + "/" + options.classify.root;
    options.classify.toolVersion = PARREADY_VERSION;
    options.classify.docsUrl = docsUrl;
    if (!options.classify.docsUrl.empty() && !options.classify.docsUrl.ends_with("/"))
      options.classify.docsUrl += "/";
    options.classify.strict = strict;
    options.jobs = jobs ? unsigned(jobs) : unsigned(jobsShort);
    options.followLibrary = followLibrary;
    options.runnerGiven = runner.getNumOccurrences() > 0;
    options.followLibraryGiven = followLibrary.getNumOccurrences() > 0;
    options.configFile = configFile;
    if (!baselineFile.empty())
      options.baselinePath = std::string(baselineFile);
    options.sharedPreambles = !noSharedPreamble;
    options.durationsPath = durations;
    options.workers = workers;
    options.toolIdentity = toolIdentity(argv[0]);
    return "";
  };

  if (lspCommand) {
    if (afterDashes)
      return fail(ExitUsage, "lsp analyses the compile database (-p, or the one found from the workspace "
                             "upward); nothing goes after --");
    parready::lsp::ServerOptions server;
    server.verbose = verbose;
    if (std::string error = analysisOptions(server.analysis); !error.empty())
      return fail(ExitUsage, error);
    return parready::lsp::serveStandardStreams(server);
  }

  std::vector<parready::OutputTarget> targets;
  if (std::string error = parready::parseOutputTargets(formats, output, targets); !error.empty())
    return fail(ExitUsage, error);
  // Found out now, not after a long analysis.
  for (const parready::OutputTarget &target : targets)
    if (!target.path.empty())
      if (std::string error = parready::checkWritable(target.path); !error.empty())
        return fail(ExitUsage, error);
  if (!writeBaseline.empty())
    if (std::string error = parready::checkWritable(writeBaseline); !error.empty())
      return fail(ExitUsage, error);
  parready::AnalyzeOptions options;
  if (std::string error = analysisOptions(options); !error.empty())
    return fail(ExitUsage, error);
  parready::Verdict failThreshold = parready::Verdict::Fixable;
  auto readFailOn = [&](const std::string &level) {
    return level == "never" || (parready::parse(level, failThreshold) && failThreshold != parready::Verdict::Safe);
  };
  if (!readFailOn(failOn))
    return fail(ExitUsage, "--fail-on=" + failOn + ": expected fixable, serial or never");
  if (linkCommand) {
    if (afterDashes)
      return fail(ExitUsage, "link: the compile commands are in the facts records; nothing goes after --");
    if (records.empty())
      return fail(ExitUsage, "link: name the facts records (parready link [options] FACTS...)");
    options.factsRecords.assign(records.begin(), records.end());
  } else {
    if (!buildPath.empty() && afterDashes)
      return fail(ExitUsage, "-p and '-- FLAGS' both name a compilation database; use one");
    options.input.fixedFlags = afterDashes;
    if (changedOnly) {
      options.changedFiles.emplace();
      for (const std::string &file : files) {
        std::string path = parready::absolutePath(file, cwd);
        if (!llvm::sys::fs::exists(path))
          return fail(ExitUsage, file + ": no such file");
        options.changedFiles->push_back(std::move(path));
      }
    } else {
      options.input.files.assign(files.begin(), files.end());
    }
  }

  parready::ProgressMode progressMode;
  if (!parready::parseProgressMode(progress, progressMode))
    return fail(ExitUsage, "--progress=" + progress + ": expected auto, always or never");
  auto progressPrinter = std::make_shared<parready::ProgressPrinter>(
      progressMode, sys::Process::StandardErrIsDisplayed(), [](const std::string &text) {
        errs() << text;
        errs().flush();
      });
  options.progress = [progressPrinter](const std::string &line) { progressPrinter->say(line); };
  if (verbose)
    options.verbose = [](const std::string &line) { errs() << "parready: " << line << "\n"; };

  parready::AnalyzeOutcome outcome = parready::analyze(options);
  progressPrinter->finish();
  if (!outcome.fatalError.empty())
    return fail(ExitUsage, outcome.fatalError);
  for (const std::string &error : outcome.configurationErrors)
    errs() << error << "\n";
  if (!outcome.configurationErrors.empty())
    return ExitUsage;
  for (const std::string &warning : outcome.configurationWarnings)
    errs() << warning << "\n";
  // The working directory's configuration sets the level when the command line does not.
  std::string failLevel = failOn.getNumOccurrences() ? std::string(failOn) : outcome.failOn.value_or(failOn);
  readFailOn(failLevel);

  errs() << parready::renderToolNotes(outcome.result);
  if (!writeReports(targets, outcome.result))
    return ExitIncomplete;
  if (!writeBaseline.empty())
    if (std::string error = parready::writeFileAtomically(writeBaseline, parready::baselineText(outcome.result));
        !error.empty())
      return fail(ExitIncomplete, error);
  return exitCodeOf(outcome, failLevel == "never", failThreshold);
}
