#include "extract/SharedPreambles.h"

#include "extract/FilesRead.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

namespace parready {

namespace {

/// Skips blanks and comments from `at`; false on an unterminated /* comment.
bool skipBlanksAndComments(std::string_view text, size_t &at) {
  while (at < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[at]))) {
      ++at;
    } else if (text.substr(at, 2) == "//") {
      at = text.find('\n', at);
      if (at == std::string_view::npos)
        at = text.size();
    } else if (text.substr(at, 2) == "/*") {
      size_t end = text.find("*/", at + 2);
      if (end == std::string_view::npos)
        return false;
      at = end + 2;
    } else {
      return true;
    }
  }
  return true;
}

} // namespace

std::vector<LeadingInclude> leadingIncludes(const std::string &text, const std::string &mainFile) {
  std::string_view view(text);
  std::vector<LeadingInclude> includes;
  size_t at = 0;
  while (true) {
    if (!skipBlanksAndComments(view, at) || at >= view.size() || view[at] != '#')
      return includes;
    // The directive must start its line: a '#' after a comment on the line is not one.
    size_t lineStart = at == 0 ? std::string_view::npos : view.rfind('\n', at - 1);
    lineStart = lineStart == std::string_view::npos ? 0 : lineStart + 1;
    if (view.substr(lineStart, at - lineStart).find_first_not_of(" \t") != std::string_view::npos)
      return includes;
    auto skipSpaces = [&](size_t from) {
      while (from < view.size() && (view[from] == ' ' || view[from] == '\t'))
        ++from;
      return from;
    };
    size_t cursor = skipSpaces(at + 1);
    if (view.substr(cursor, 7) != "include")
      return includes;
    cursor = skipSpaces(cursor + 7);
    if (cursor >= view.size() || (view[cursor] != '<' && view[cursor] != '"'))
      return includes;
    char close = view[cursor] == '<' ? '>' : '"';
    size_t end = view.find(close, cursor + 1);
    size_t newline = view.find('\n', cursor);
    if (end == std::string_view::npos || newline == std::string_view::npos || end > newline)
      return includes;
    std::string_view name = view.substr(cursor + 1, end - cursor - 1);
    // Only a line comment may follow: a /* comment could run on past the line.
    std::string_view rest = view.substr(end + 1, newline - end - 1);
    size_t restStart = rest.find_first_not_of(" \t\r");
    if (restStart != std::string_view::npos && rest.substr(restStart, 2) != "//")
      return includes;
    LeadingInclude include;
    include.bytes = static_cast<unsigned>(newline + 1);
    if (close == '>') {
      include.spelling = "<" + std::string(name) + ">";
    } else {
      llvm::SmallString<256> beside(llvm::sys::path::parent_path(mainFile));
      llvm::sys::path::append(beside, name);
      llvm::sys::path::remove_dots(beside, true);
      if (!llvm::sys::fs::exists(beside))
        return includes;
      include.spelling = "\"" + std::string(beside) + "\"";
    }
    includes.push_back(std::move(include));
    at = newline + 1;
  }
}

std::string SharedPreambles::Candidate::keyOf(size_t count) const {
  std::string key = flagsKey;
  for (size_t i = 0; i < count; ++i)
    key.append(1, '\0').append(includes[i].spelling);
  return key;
}

SharedPreambles::SharedPreambles(ExtractOptions options) : Options(std::move(options)) {}

SharedPreambles::~SharedPreambles() {
  for (const std::string &file : TemporaryFiles) {
    llvm::sys::fs::remove(file);
    llvm::sys::DontRemoveFileOnSignal(file);
  }
}

std::string SharedPreambles::temporaryFile(const char *suffix) {
  llvm::SmallString<256> path;
  if (llvm::sys::fs::createTemporaryFile("parready-preamble", suffix, path))
    return "";
  // Ctrl-C during a run leaves no PCH behind (a PCH is as large as its headers' AST).
  llvm::sys::RemoveFileOnSignal(path);
  std::lock_guard<std::mutex> lock(Mutex);
  TemporaryFiles.push_back(std::string(path));
  return std::string(path);
}

std::optional<SharedPreambles::Candidate> SharedPreambles::candidateFor(const CompileJob &job) const {
  auto buffer = llvm::MemoryBuffer::getFile(job.file);
  if (!buffer)
    return std::nullopt;
  Candidate candidate;
  candidate.includes = leadingIncludes((*buffer)->getBuffer().str(), job.file);
  if (candidate.includes.empty())
    return std::nullopt;
  candidate.isC = llvm::sys::path::extension(job.file) == ".c";
  // The PCH is built with the TU's own command, the TU itself left out.
  for (std::string &argument : adjustCommandLine(job, Options))
    if (argument != "-fsyntax-only" && absolutePath(argument, job.directory) != job.file)
      candidate.headerCommand.push_back(std::move(argument));
  candidate.flagsKey = job.directory + '\0' + (candidate.isC ? "c" : "c++");
  for (const std::string &argument : candidate.headerCommand)
    candidate.flagsKey.append(1, '\0').append(argument);
  return candidate;
}

void SharedPreambles::plan(const std::vector<CompileJob> &jobs) {
  std::vector<std::pair<std::string, Candidate>> candidates;
  std::map<std::string, unsigned> sharers; // PCH key -> TUs that begin with its includes
  for (const CompileJob &job : jobs)
    if (std::optional<Candidate> candidate = candidateFor(job)) {
      for (size_t count = 1; count <= candidate->includes.size(); ++count)
        ++sharers[candidate->keyOf(count)];
      candidates.emplace_back(job.file, std::move(*candidate));
    }
  std::lock_guard<std::mutex> lock(Mutex);
  Planned.clear();
  // Every PCH costs a parse of its headers: a longer run of includes gets
  // its own only when at least half of the TUs that share its first include
  // share all of it, so a suite gets one PCH per common beginning, not one
  // per permutation of the std headers after <gtest/gtest.h>.
  for (const auto &[file, candidate] : candidates) {
    unsigned enough = std::max(MinSharers, sharers[candidate.keyOf(1)] / 2);
    for (size_t count = candidate.includes.size(); count > 0; --count)
      if (sharers[candidate.keyOf(count)] >= enough) {
        Planned[file] = count;
        break;
      }
  }
}

std::optional<PreambleUse> SharedPreambles::build(const Candidate &candidate, size_t count,
                                                  const std::string &directory) {
  std::string header = temporaryFile(candidate.isC ? "h" : "hpp");
  std::string pch = temporaryFile("pch");
  if (header.empty() || pch.empty())
    return std::nullopt;
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(header, ec);
    if (ec)
      return std::nullopt;
    for (size_t i = 0; i < count; ++i)
      out << "#include " << candidate.includes[i].spelling << "\n";
  }
  std::vector<std::string> command = candidate.headerCommand;
  for (const char *argument : {"-x", candidate.isC ? "c-header" : "c++-header"})
    command.push_back(argument);
  command.insert(command.end(), {header, "-o", pch});
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem = llvm::vfs::createPhysicalFileSystem();
  fileSystem->setCurrentWorkingDirectory(directory);
  auto files = llvm::makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), fileSystem);
  // The base consumer counts errors and prints nothing: a header that does
  // not build cleanly on its own is simply not shared.
  clang::DiagnosticConsumer errors;
  clang::tooling::ToolInvocation invocation(command, std::make_unique<clang::GeneratePCHAction>(), files.get());
  invocation.setDiagnosticConsumer(&errors);
  bool built = false;
  // A crash in the PCH's parse is no TU's crash: it ends in "no preamble", and
  // the TUs that would have shared it are parsed plainly.
  llvm::CrashRecoveryContext recovery;
  uint64_t size = 0;
  if (!recovery.RunSafely([&] { built = invocation.run(); }) || !built || errors.getNumErrors() > 0 ||
      llvm::sys::fs::file_size(pch, size) || size == 0)
    return std::nullopt;
  PreambleUse use;
  use.pchPath = pch;
  use.headerPath = header;
  use.includedFiles = filesRead(*files, directory);
  std::erase(use.includedFiles, header);
  std::erase(use.includedFiles, pch);
  return use;
}

std::optional<PreambleUse> SharedPreambles::preambleFor(const CompileJob &job) {
  size_t count = 0;
  {
    std::lock_guard<std::mutex> lock(Mutex);
    auto planned = Planned.find(job.file);
    if (planned == Planned.end())
      return std::nullopt;
    count = planned->second;
  }
  std::optional<Candidate> candidate = candidateFor(job);
  if (!candidate || candidate->includes.size() < count)
    return std::nullopt; // the file changed since the plan
  std::string key = candidate->keyOf(count);
  {
    std::lock_guard<std::mutex> lock(Mutex);
    auto known = Preambles.find(key);
    if (known != Preambles.end()) {
      if (!known->second || !*known->second)
        return std::nullopt; // being built, or failed
      PreambleUse use = **known->second;
      use.bytes = candidate->includes[count - 1].bytes;
      return use;
    }
    Preambles.emplace(key, std::nullopt);
  }
  std::optional<PreambleUse> built = build(*candidate, count, job.directory);
  std::lock_guard<std::mutex> lock(Mutex);
  Preambles[key] = built;
  if (built)
    built->bytes = candidate->includes[count - 1].bytes;
  return built;
}

unsigned SharedPreambles::built() const {
  std::lock_guard<std::mutex> lock(Mutex);
  unsigned count = 0;
  for (const auto &[key, preamble] : Preambles)
    count += preamble && *preamble;
  return count;
}

} // namespace parready
