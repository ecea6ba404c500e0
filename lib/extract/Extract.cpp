#include "extract/Extract.h"

#include "extract/FactAction.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace parready {

namespace {

/// Collects the compiler's errors as tool diagnostics instead of printing
/// them: the report says which TU is partial and why, in one place.
class ErrorCollector : public clang::DiagnosticConsumer {
public:
  ErrorCollector(TranslationUnitFacts &facts) : Facts(facts) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic &info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error)
      return;
    Facts.parsedCleanly = false;
    // The first few errors explain a broken TU; the rest are usually fallout.
    if (Facts.diagnostics.size() >= 3)
      return;
    llvm::SmallString<256> message;
    info.FormatDiagnostic(message);
    ToolDiagnostic diagnostic{"error", std::string(message), {}, Facts.mainFile};
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const clang::SourceManager &sm = info.getSourceManager();
      clang::PresumedLoc presumed = sm.getPresumedLoc(sm.getExpansionLoc(info.getLocation()));
      if (presumed.isValid())
        diagnostic.location = {presumed.getFilename(), presumed.getLine(), presumed.getColumn()};
    }
    Facts.diagnostics.push_back(std::move(diagnostic));
  }

private:
  TranslationUnitFacts &Facts;
};

TranslationUnitFacts run(const CompileJob &job, const ApiCatalog &catalog,
                         const ExtractOptions &options,
                         llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem) {
  TranslationUnitFacts facts;
  facts.mainFile = job.file;
  fileSystem->setCurrentWorkingDirectory(job.directory);
  auto files = llvm::makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), fileSystem);
  ErrorCollector errors(facts);
  clang::tooling::ToolInvocation invocation(adjustCommandLine(job, options),
                                            makeFactAction(catalog, facts, job.directory),
                                            files.get());
  invocation.setDiagnosticConsumer(&errors);
  if (!invocation.run() && facts.parsedCleanly) {
    facts.parsedCleanly = false;
    facts.diagnostics.push_back({"error", "the compiler could not start on this file", {}, job.file});
  }
  return facts;
}

} // namespace

std::vector<std::string> adjustCommandLine(const CompileJob &job, const ExtractOptions &options) {
  using namespace clang::tooling;
  std::vector<std::string> args = job.commandLine;
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

TranslationUnitFacts extractFacts(const CompileJob &job, const ApiCatalog &catalog,
                                  const ExtractOptions &options) {
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
