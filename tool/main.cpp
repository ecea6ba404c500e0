// parready: can this C/C++ test suite run in parallel? Argument parsing only;
// the analysis lives in lib/ (see docs/usage.md for every option).
#include "pipeline/Analyze.h"
#include "report/Report.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace {

// Exit codes (docs/usage.md).
constexpr int ExitClean = 0;
constexpr int ExitHazards = 1;
constexpr int ExitUsage = 2;
constexpr int ExitIncomplete = 3;

int fail(int code, const std::string &message) {
  llvm::errs() << "parready: error: " << message << "\n";
  return code;
}

std::string defaultRulesDirectory(const char *argv0) {
  static int anchor;
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, &anchor);
  llvm::SmallString<256> installed(llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(installed, "share", "parready", "rules");
  if (llvm::sys::fs::exists(installed + "/registry.json"))
    return std::string(installed);
  return PARREADY_SOURCE_RULES_DIR;
}

std::string currentDirectory() {
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  return std::string(cwd);
}

} // namespace

int main(int argc, char **argv) {
  using namespace llvm;
  // Everything after "--" is compiler flags for a fixed database (LibTooling's convention).
  std::optional<std::vector<std::string>> fixedFlags;
  int toolArgc = argc;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--") == 0) {
      fixedFlags.emplace(argv + i + 1, argv + argc);
      toolArgc = i;
      break;
    }

  // Options are locals, not self-registering globals: they exist for this call only.
  cl::OptionCategory category("parready options");
  cl::opt<std::string> buildPath("p", cl::desc("Build directory containing compile_commands.json"),
                                 cl::value_desc("build-dir"), cl::cat(category));
  cl::list<std::string> formats("format",
                                 cl::desc("Report format: text (default), json, sarif, markdown, ctest or github; "
                                          "FORMAT=FILE writes that report to FILE (atomically). May be given "
                                          "several times"),
                                 cl::value_desc("format[=FILE]"), cl::ZeroOrMore, cl::cat(category));
  cl::opt<std::string> output("o", cl::desc("Write the report to this file (atomically) instead of stdout"),
                              cl::value_desc("file"), cl::cat(category));
  cl::opt<std::string> runner("runner",
                              cl::desc("How the tests will run: ctest (a process per test, default), "
                                       "threads (one process), bazel (private TEST_TMPDIR)"),
                              cl::init("ctest"), cl::value_desc("ctest|threads|bazel"), cl::cat(category));
  cl::opt<unsigned> jobs("jobs", cl::desc("Translation units analysed in parallel (default: all cores)"),
                         cl::init(0), cl::value_desc("N"), cl::cat(category));
  // A separate prefix option, not an alias: "-j2" must not parse as a group of flags.
  cl::opt<unsigned> jobsShort("j", cl::desc("Same as --jobs (-j2, -j 2)"), cl::init(0), cl::Prefix,
                              cl::value_desc("N"), cl::cat(category));
  cl::opt<std::string> root("root", cl::desc("Report paths relative to this directory (default: current)"),
                            cl::value_desc("dir"), cl::cat(category));
  cl::opt<std::string> failOn("fail-on",
                              cl::desc("Exit with 1 when a file is at least this bad: fixable (default), "
                                       "serial, or never"),
                              cl::init("fixable"), cl::value_desc("fixable|serial|never"), cl::cat(category));
  cl::opt<bool> strict("strict",
                       cl::desc("Count low-confidence findings (an unresolved path, a guessed virtual call) "
                                "in verdicts, conflicts, locks and the exit code; without it they are reported "
                                "for review only"),
                       cl::cat(category));
  cl::opt<std::string> rulesDir("rules-dir", cl::desc("Directory of rule and API catalogs"),
                                cl::value_desc("dir"), cl::cat(category));
  cl::opt<std::string> resourceDir("resource-dir",
                                   cl::desc("Clang resource directory (default: the one of clang-19)"),
                                   cl::init(PARREADY_DEFAULT_RESOURCE_DIR), cl::value_desc("dir"),
                                   cl::cat(category));
  cl::opt<bool> followLibrary("follow-library",
                              cl::desc("Also parse the database's non-test files that define functions the "
                                       "tests call (default true; --follow-library=false for speed)"),
                              cl::init(true), cl::cat(category));
  cl::opt<std::string> durations("durations",
                                 cl::desc("Measured test durations (Testing/Temporary/CTestCostData.txt, GoogleTest "
                                          "or JUnit XML): project the suite's wall time serially, in parallel "
                                          "with the CTest properties, and after the fixable hazards are fixed"),
                                 cl::value_desc("file"), cl::cat(category));
  cl::opt<unsigned> workers("workers", cl::desc("Parallel slots of the projection (ctest -jN; default: all cores)"),
                            cl::init(0), cl::value_desc("N"), cl::cat(category));
  cl::list<std::string> files(cl::Positional, cl::desc("[FILE...] [-- COMPILER_FLAGS]"), cl::cat(category));

  cl::HideUnrelatedOptions(category);
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

  std::vector<parready::OutputTarget> targets;
  if (std::string error = parready::parseOutputTargets(formats, output, targets); !error.empty())
    return fail(ExitUsage, error);
  // Found out now, not after a long analysis.
  for (const parready::OutputTarget &target : targets)
    if (!target.path.empty())
      if (std::string error = parready::checkWritable(target.path); !error.empty())
        return fail(ExitUsage, error);
  parready::AnalyzeOptions options;
  if (!parready::parse(runner, options.classify.runner))
    return fail(ExitUsage, "--runner=" + runner + ": expected ctest, threads or bazel");
  parready::Verdict failThreshold = parready::Verdict::Fixable;
  bool neverFail = failOn == "never";
  if (!neverFail && (!parready::parse(failOn, failThreshold) || failThreshold == parready::Verdict::Safe))
    return fail(ExitUsage, "--fail-on=" + failOn + ": expected fixable, serial or never");
  if (!buildPath.empty() && fixedFlags)
    return fail(ExitUsage, "-p and '-- FLAGS' both name a compilation database; use one");

  std::string cwd = currentDirectory();
  options.input.buildPath = buildPath;
  options.input.fixedFlags = fixedFlags;
  options.input.files.assign(files.begin(), files.end());
  options.input.workingDirectory = cwd;
  options.rulesDirectory = rulesDir.empty() ? defaultRulesDirectory(argv[0]) : std::string(rulesDir);
  options.extract.resourceDir = resourceDir;
  options.classify.root = root.empty() ? cwd : std::string(root);
  if (!llvm::sys::path::is_absolute(options.classify.root))
    options.classify.root = cwd + "/" + options.classify.root;
  options.classify.toolVersion = PARREADY_VERSION;
  options.classify.docsUrl = PARREADY_DOCS_URL;
  options.classify.strict = strict;
  options.jobs = jobs ? unsigned(jobs) : unsigned(jobsShort);
  options.followLibrary = followLibrary;
  options.durationsPath = durations;
  options.workers = workers;
  if (sys::Process::StandardErrIsDisplayed())
    options.progress = [](const std::string &line) { errs() << "parready: " << line << "\n"; };

  parready::AnalyzeOutcome outcome = parready::analyze(options);
  if (!outcome.fatalError.empty())
    return fail(ExitUsage, outcome.fatalError);

  errs() << parready::renderToolNotes(outcome.result);

  // Every report is written even when one of them cannot be (its directory
  // went away during the analysis): a failed write is reported and makes the
  // exit code 3.
  bool writeFailed = false;
  for (const parready::OutputTarget &target : targets) {
    parready::RenderOptions render;
    render.color = target.path.empty() && target.format == parready::Format::Text &&
                   sys::Process::StandardOutIsDisplayed();
    std::string report = parready::render(target.format, outcome.result, render);
    if (target.path.empty()) {
      outs() << report;
      outs().flush();
    } else if (std::string error = parready::writeFileAtomically(target.path, report); !error.empty()) {
      writeFailed = fail(ExitIncomplete, error) != ExitClean;
    }
  }
  if (writeFailed)
    return ExitIncomplete;

  if (outcome.incomplete)
    return ExitIncomplete;
  if (neverFail)
    return ExitClean;
  // A review-only finding fails nobody: it counts only with --strict.
  for (const parready::FileResult &file : outcome.result.files)
    for (const parready::Finding &finding : file.findings)
      if (finding.verdict >= failThreshold && !finding.reviewOnly)
        return ExitHazards;
  return ExitClean;
}
