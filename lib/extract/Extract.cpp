#include "extract/Extract.h"

#include "extract/FactAction.h"
#include "extract/FilesRead.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticLex.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Driver/Options.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <cstdint>
#include <optional>

namespace parready {

namespace {

/// Collects the compiler's errors as tool diagnostics instead of printing
/// them: the report says which TU is partial and why, in one place. An error
/// in a header (one without an include guard included twice), or a header
/// that is not found (one the build generates), leaves the test file's own
/// code parsed: the diagnostic names the header, and the TU's cause says so.
class ErrorCollector : public clang::DiagnosticConsumer {
public:
  ErrorCollector(TranslationUnitFacts &facts) : Facts(facts) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic &info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level == clang::DiagnosticsEngine::Note) {
      blameTheTestFile(info);
      return;
    }
    if (level < clang::DiagnosticsEngine::Error)
      return;
    Facts.parsedCleanly = false;
    HeaderError.reset();
    llvm::SmallString<256> message;
    info.FormatDiagnostic(message);
    ToolDiagnostic diagnostic{"error", std::string(message), {}, Facts.mainFile};
    bool inHeaderOnly = false;
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const clang::SourceManager &sm = info.getSourceManager();
      clang::SourceLocation at = sm.getExpansionLoc(info.getLocation());
      clang::PresumedLoc presumed = sm.getPresumedLoc(at);
      if (presumed.isValid())
        diagnostic.location = {presumed.getFilename(), presumed.getLine(), presumed.getColumn()};
      if (info.getID() == clang::diag::err_pp_file_not_found) {
        inHeaderOnly = true;
        MissingHeader = true;
        diagnostic.message += " (a header the build generates? build the project first, or add its directory "
                              "with -I)";
      } else if (clang::FileID file = sm.getFileID(at); file != sm.getMainFileID()) {
        inHeaderOnly = true;
        std::string header = nearName(presumed.isValid() ? presumed.getFilename() : "");
        HeaderError = PendingHeaderError{Facts.diagnostics.size() < MaxErrors ? Facts.diagnostics.size() : SIZE_MAX,
                                         header + ":" + std::to_string(diagnostic.location.line), message.str().str()};
        diagnostic.message = "in header '" + header + "'" + includedFrom(sm, file) + ": " + diagnostic.message;
      }
    }
    ErrorsOutsideHeaders |= !inHeaderOnly;
    if (Facts.diagnostics.size() < MaxErrors)
      Facts.diagnostics.push_back(std::move(diagnostic));
  }

  /// Why the TU is incomplete, once it has been parsed (or not).
  IncompleteCause cause() const {
    if (Facts.parsedCleanly)
      return IncompleteCause::None;
    // The errors after a missing header are mostly its fallout (undeclared
    // names); the header is what to fix.
    return ErrorsOutsideHeaders && !MissingHeader ? IncompleteCause::CompileErrors : IncompleteCause::HeaderErrors;
  }

private:
  /// A header as the user knows it: relative to the test file's directory
  /// when it is below it, else as Clang found it.
  std::string nearName(llvm::StringRef path) const {
    llvm::StringRef directory = llvm::sys::path::parent_path(Facts.mainFile);
    if (!directory.empty() && path.starts_with(directory) && path.size() > directory.size() + 1 &&
        llvm::sys::path::is_separator(path[directory.size()]))
      return path.drop_front(directory.size() + 1).str();
    return path.str();
  }

  /// " (included from t.cpp:3)": where the main file includes the header
  /// the error is in, through however many headers.
  static std::string includedFrom(const clang::SourceManager &sm, clang::FileID file) {
    clang::SourceLocation include = sm.getIncludeLoc(file);
    while (include.isValid() && sm.getFileID(include) != sm.getMainFileID())
      include = sm.getIncludeLoc(sm.getFileID(include));
    clang::PresumedLoc presumed = sm.getPresumedLoc(include);
    if (!presumed.isValid())
      return "";
    return " (included from " + llvm::sys::path::filename(presumed.getFilename()).str() + ":" +
           std::to_string(presumed.getLine()) + ")";
  }

  /// An error inside a header whose notes ("in instantiation of ...
  /// requested here") lead into the test file is the test file's error: a
  /// template of the header instantiated with types it does not accept
  /// (EXPECT_EQ of a string and a JSON value). It is reported at the line of
  /// the test file that asks for it, and the test's own code is what failed.
  void blameTheTestFile(const clang::Diagnostic &note) {
    if (!HeaderError || !note.hasSourceManager() || note.getLocation().isInvalid())
      return;
    const clang::SourceManager &sm = note.getSourceManager();
    clang::SourceLocation at = sm.getExpansionLoc(note.getLocation());
    if (sm.getFileID(at) != sm.getMainFileID())
      return;
    // Only the instantiation chain: other notes in the test file ("'dup.h'
    // included multiple times, additional include site here") do not make a
    // header's own error the test's. Sema's instantiation notes have many
    // ids but one wording.
    llvm::SmallString<128> text;
    note.FormatDiagnostic(text);
    if (!llvm::StringRef(text).ends_with(" requested here") && !llvm::StringRef(text).ends_with(" required here"))
      return;
    ErrorsOutsideHeaders = true;
    if (HeaderError->index != SIZE_MAX) {
      clang::PresumedLoc presumed = sm.getPresumedLoc(at);
      ToolDiagnostic &diagnostic = Facts.diagnostics[HeaderError->index];
      diagnostic.message = HeaderError->message + " (in '" + HeaderError->where + "', instantiated from here)";
      if (presumed.isValid())
        diagnostic.location = {presumed.getFilename(), presumed.getLine(), presumed.getColumn()};
    }
    HeaderError.reset();
  }

  // The first few errors explain a broken TU; the rest are usually fallout.
  static constexpr size_t MaxErrors = 3;

  struct PendingHeaderError {
    size_t index;        ///< into Facts.diagnostics; SIZE_MAX when not kept
    std::string where;   ///< "gtest.h:1358"
    std::string message; ///< the compiler's, without the "in header" prefix
  };

  TranslationUnitFacts &Facts;
  /// The last error, when it is in a header and no note has led into the test file yet.
  std::optional<PendingHeaderError> HeaderError;
  bool ErrorsOutsideHeaders = false;
  bool MissingHeader = false;
};

} // namespace

std::vector<std::string> filesRead(const clang::FileManager &files, const std::string &directory) {
  llvm::SmallVector<clang::OptionalFileEntryRef, 256> entries;
  files.GetUniqueIDMapping(entries);
  std::vector<std::string> paths;
  for (clang::OptionalFileEntryRef entry : entries)
    if (entry) {
      // Not absolutePath(): its lexical ".." removal is wrong across a
      // symlink (/lib -> usr/lib: /lib/gcc/x86_64-linux-gnu/12/../../../../include
      // is /usr/include), and each path must name the file the compiler read.
      llvm::SmallString<256> path(entry->getName());
      llvm::sys::fs::make_absolute(directory, path);
      llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/false);
      paths.push_back(std::string(path));
    }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

namespace {

TranslationUnitFacts run(const CompileJob &job, const ApiCatalog &catalog,
                         const ExtractOptions &options,
                         llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem,
                         const PreambleUse *preamble = nullptr) {
  TranslationUnitFacts facts;
  facts.mainFile = job.file;
  fileSystem->setCurrentWorkingDirectory(job.directory);
  auto files = llvm::makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), fileSystem);
  ErrorCollector errors(facts);
  std::vector<std::string> commandLine = adjustCommandLine(job, options);
  if (preamble) {
    // Right after the compiler, as adjustCommandLine puts its own flags.
    std::vector<std::string> usePreamble = {"-include-pch", preamble->pchPath, "-Xclang",
                                            "-preamble-bytes=" + std::to_string(preamble->bytes) + ",1"};
    commandLine.insert(commandLine.begin() + 1, usePreamble.begin(), usePreamble.end());
  }
  clang::tooling::ToolInvocation invocation(commandLine, makeFactAction(catalog, facts, job.directory),
                                            files.get());
  invocation.setDiagnosticConsumer(&errors);
  // Provisional: the fact action says None as soon as it has an AST.
  facts.incompleteCause = IncompleteCause::NotStarted;
  invocation.run();
  facts.includedFiles = filesRead(*files, job.directory);
  if (preamble) {
    // The PCH is the run's own file; what it was built from is what the TU read.
    std::erase(facts.includedFiles, preamble->pchPath);
    std::erase(facts.includedFiles, preamble->headerPath);
    facts.includedFiles.insert(facts.includedFiles.end(), preamble->includedFiles.begin(),
                               preamble->includedFiles.end());
    std::sort(facts.includedFiles.begin(), facts.includedFiles.end());
    facts.includedFiles.erase(std::unique(facts.includedFiles.begin(), facts.includedFiles.end()),
                              facts.includedFiles.end());
  }
  if (facts.incompleteCause == IncompleteCause::NotStarted) {
    facts.parsedCleanly = false;
    // The driver's first complaint is the cause ("no such file"); what
    // follows ("no input files") is its fallout.
    facts.diagnostics.resize(std::min<size_t>(facts.diagnostics.size(), 1));
    if (facts.diagnostics.empty())
      facts.diagnostics.push_back({"error", "the compiler could not start on this file", {}, job.file});
    return facts;
  }
  facts.incompleteCause = errors.cause();
  return facts;
}

/// The command without the options Clang's driver does not know: GCC-only
/// ones (-fno-canonical-system-headers, which Bazel's GCC toolchain passes
/// everywhere) would otherwise stop the parse with "unknown argument", and
/// none of them changes what the source means to the analysis.
std::vector<std::string> withoutUnknownOptions(std::vector<std::string> args) {
  if (args.size() < 2)
    return args;
  std::vector<const char *> argv;
  for (auto arg = args.begin() + 1; arg != args.end(); ++arg)
    argv.push_back(arg->c_str());
  unsigned missingIndex = 0, missingCount = 0;
  llvm::opt::InputArgList parsed = clang::driver::getDriverOptTable().ParseArgs(
      argv, missingIndex, missingCount, llvm::opt::Visibility(clang::driver::options::ClangOption));
  std::vector<bool> unknown(args.size(), false);
  for (const llvm::opt::Arg *arg : parsed.filtered(clang::driver::options::OPT_UNKNOWN))
    unknown[arg->getIndex() + 1] = true;
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i)
    if (!unknown[i])
      kept.push_back(std::move(args[i]));
  return kept;
}

} // namespace

std::vector<std::string> adjustCommandLine(const CompileJob &job, const ExtractOptions &options) {
  using namespace clang::tooling;
  std::vector<std::string> args = withoutUnknownOptions(job.commandLine);
  args = getClangStripOutputAdjuster()(args, job.file);
  args = getClangStripDependencyFileAdjuster()(args, job.file);
  args = getClangSyntaxOnlyAdjuster()(args, job.file);
  // Our flags go right after the compiler: an inferred command may end in
  // "-- file.cpp", and anything after "--" is an input file.
  std::vector<std::string> ours = {
      // Warnings are not our business, and -Werror must not make a TU "partial".
      "-w",
      // Without carets clang does not print its "N errors generated." summary:
      // the errors reach the report through ErrorCollector instead.
      "-fno-caret-diagnostics"};
  bool hasResourceDir = false;
  for (const std::string &arg : args)
    hasResourceDir |= llvm::StringRef(arg).starts_with("-resource-dir");
  if (!hasResourceDir && !options.resourceDir.empty())
    ours.push_back("-resource-dir=" + options.resourceDir);
  args.insert(args.begin() + 1, ours.begin(), ours.end());
  return args;
}

TranslationUnitFacts extractFacts(const CompileJob &job, const ApiCatalog &catalog, const ExtractOptions &options,
                                  const PreambleUse *preamble) {
  if (preamble) {
    TranslationUnitFacts facts = run(job, catalog, options, llvm::vfs::createPhysicalFileSystem(), preamble);
    // A PCH the compiler refuses (a flag the key did not tell apart) must
    // not make the file partial: without it the file is what it is.
    if (facts.parsedCleanly)
      return facts;
  }
  return run(job, catalog, options, llvm::vfs::createPhysicalFileSystem());
}

TranslationUnitFacts extractFactsFromCode(const std::string &code, const std::string &path,
                                          const std::vector<std::string> &flags,
                                          const ApiCatalog &catalog, const ExtractOptions &options) {
  auto overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::createPhysicalFileSystem());
  auto memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  memory->addFile(path, 0, llvm::MemoryBuffer::getMemBufferCopy(code));
  overlay->pushOverlay(memory);
  CompileJob job;
  job.file = path;
  job.directory = llvm::sys::path::parent_path(path).str();
  job.commandLine = {"clang++"};
  job.commandLine.insert(job.commandLine.end(), flags.begin(), flags.end());
  job.commandLine.push_back(path);
  return run(job, catalog, options, overlay);
}

} // namespace parready
