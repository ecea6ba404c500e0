#include "input/TestSelection.h"

#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

namespace parready {

namespace {
bool isIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// Does one of the directories on the path have one of these names?
bool inDirectoryNamed(const std::string &path, const std::vector<std::string> &names) {
  llvm::StringRef directory = llvm::sys::path::parent_path(path);
  for (auto part = llvm::sys::path::begin(directory), end = llvm::sys::path::end(directory); part != end; ++part)
    if (std::find(names.begin(), names.end(), *part) != names.end())
      return true;
  return false;
}

bool hasTestFileName(const std::string &path, const ProjectLayout &layout) {
  llvm::StringRef stem = llvm::sys::path::stem(path);
  for (const std::string &pattern : layout.testFileNames)
    // The catalog checked every pattern when it loaded.
    if (llvm::cantFail(llvm::GlobPattern::create(pattern)).match(stem))
      return true;
  return false;
}

/// Does the text spell one of the catalog's runner entry points (RUN_ALL_TESTS)?
bool callsFrameworkRunner(const std::string &text, const ApiCatalog &catalog) {
  const std::vector<RunnerEntryPoint> &entries = catalog.frameworks().runnerEntryPoints;
  return std::any_of(entries.begin(), entries.end(),
                     [&](const RunnerEntryPoint &entry) { return text.find(entry.spelled) != std::string::npos; });
}

/// Does one of the file's #include lines contain one of `needles`?
bool includesAny(const std::string &text, const std::vector<std::string> &needles) {
  for (size_t at = text.find("#include"); at != std::string::npos; at = text.find("#include", at + 1)) {
    std::string_view line = std::string_view(text).substr(at, text.find('\n', at) - at);
    for (const std::string &needle : needles)
      if (line.find(needle) != std::string_view::npos)
        return true;
  }
  return false;
}

/// Does the text open `name` as a namespace (`namespace Catch {`,
/// `namespace testing::internal {`) at the start of a line (not in a comment)?
bool opensNamespace(std::string_view text, std::string_view name) {
  for (size_t at = text.find("namespace"); at != std::string_view::npos; at = text.find("namespace", at + 1)) {
    size_t lineStart = text.rfind('\n', at == 0 ? 0 : at - 1);
    lineStart = lineStart == std::string_view::npos || at == 0 ? 0 : lineStart + 1;
    if (text.substr(lineStart, at - lineStart).find_first_not_of(" \t") != std::string_view::npos)
      continue;
    size_t start = at + std::strlen("namespace");
    size_t nameAt = start;
    while (nameAt < text.size() && std::isspace(static_cast<unsigned char>(text[nameAt])))
      ++nameAt;
    size_t end = nameAt + name.size();
    if (nameAt > start && text.substr(nameAt, name.size()) == name && (end == text.size() || !isIdentifierChar(text[end])))
      return true;
  }
  return false;
}

/// A test framework's own source (a vendored googletest's gtest.cc, Catch2's
/// catch_session.cpp), by what it is rather than where: it includes the
/// framework's internal headers, or opens its namespace and defines no test
/// (a project's test may specialise Catch::StringMaker beside its tests).
bool isFrameworkSource(const std::string &text, bool definesTests, const ApiCatalog &catalog) {
  const FrameworkCatalog &frameworks = catalog.frameworks();
  if (includesAny(text, frameworks.implementationIncludes))
    return true;
  return !definesTests && std::any_of(frameworks.implementationNamespaces.begin(),
                                      frameworks.implementationNamespaces.end(),
                                      [&](const std::string &name) { return opensNamespace(text, name); });
}

enum class TestEvidence { None, TestMacro, MainFunction, FrameworkSource };

TestEvidence testEvidence(const std::string &path, const std::vector<std::string> &macroNames,
                          const ApiCatalog &catalog) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  // An unreadable file is kept: extraction reports why it cannot be read.
  if (!buffer)
    return TestEvidence::TestMacro;
  std::string text = (*buffer)->getBuffer().str();
  bool definesTests = mentionsTestMacro(text, macroNames);
  if (isFrameworkSource(text, definesTests, catalog))
    return TestEvidence::FrameworkSource;
  if (definesTests)
    return TestEvidence::TestMacro;
  return isPlainTestProgram(path, text, catalog) ? TestEvidence::MainFunction : TestEvidence::None;
}
} // namespace

std::vector<std::string> testMacroNames(const ApiCatalog &catalog) {
  std::vector<std::string> names;
  for (const TestMacro &macro : catalog.frameworks().macros)
    names.push_back(macro.name);
  return names;
}

std::optional<size_t> findTestMacro(std::string_view text, const std::vector<std::string> &macroNames) {
  std::optional<size_t> first;
  for (const std::string &name : macroNames) {
    for (size_t pos = text.find(name); pos != std::string_view::npos && (!first || pos < *first);
         pos = text.find(name, pos + 1)) {
      if (pos > 0 && isIdentifierChar(text[pos - 1]))
        continue;
      size_t after = pos + name.size();
      while (after < text.size() && (text[after] == ' ' || text[after] == '\t'))
        ++after;
      if (after < text.size() && text[after] == '(') {
        first = pos;
        break;
      }
    }
  }
  return first;
}

bool mentionsTestMacro(const std::string &text, const std::vector<std::string> &macroNames) {
  return findTestMacro(text, macroNames).has_value();
}

bool isPlainTestProgram(const std::string &path, const std::string &text, const ApiCatalog &catalog) {
  // A test by its place: a tests/ directory, or a name like test_x.c, x_test.cc...
  const ProjectLayout &layout = catalog.projectLayout();
  if (!hasTestFileName(path, layout) && !inDirectoryNamed(path, layout.testDirectories))
    return false;
  // ...that defines main() itself...
  if (!mentionsTestMacro(text, {"main"}))
    return false;
  // ...and is not a framework's runner (int main() { return RUN_ALL_TESTS(); }),
  // whether it includes the framework itself or through a header of its own.
  if (callsFrameworkRunner(text, catalog))
    return false;
  std::vector<std::string> frameworkHeaders;
  for (const TestMacro &macro : catalog.frameworks().macros)
    frameworkHeaders.push_back(macro.definedIn);
  return !includesAny(text, frameworkHeaders);
}

TranslationUnitSelection selectTranslationUnits(const InputResult &input, const ApiCatalog &catalog,
                                                const SelectionOptions &options) {
  std::vector<std::string> macroNames = testMacroNames(catalog);
  TranslationUnitSelection selection;
  std::vector<CompileJob> nonTests;
  if (options.filesNamed) {
    selection.tests = input.jobs;
    for (const CompileJob &job : input.jobs)
      selection.mustDefineTests.insert(job.file);
    // A database file with tests of its own is not part of this run.
    for (const CompileJob &job : input.others)
      if (testEvidence(job.file, macroNames, catalog) == TestEvidence::None)
        nonTests.push_back(job);
  } else {
    for (const CompileJob &job : input.jobs) {
      // A framework built from source beside the project (_deps/catch2-src)
      // names its own macros everywhere: its files are never the project's tests.
      TestEvidence evidence = inDirectoryNamed(job.file, catalog.projectLayout().vendoredDirectories)
                                  ? TestEvidence::None
                                  : testEvidence(job.file, macroNames, catalog);
      // Wherever it is vendored, the framework is never the code under test.
      if (evidence == TestEvidence::FrameworkSource)
        continue;
      (evidence == TestEvidence::None ? nonTests : selection.tests).push_back(job);
      if (evidence == TestEvidence::TestMacro)
        selection.mustDefineTests.insert(job.file);
    }
  }
  std::set<std::string> testDirectories;
  for (const CompileJob &job : selection.tests)
    testDirectories.insert(llvm::sys::path::parent_path(job.file).str());
  for (const CompileJob &job : nonTests) {
    if (testDirectories.count(llvm::sys::path::parent_path(job.file).str()))
      selection.support.push_back(job);
    else if (options.followLibrary && !inDirectoryNamed(job.file, catalog.projectLayout().vendoredDirectories))
      selection.library.push_back(job);
  }
  return selection;
}

void addRegisteredTestPrograms(TranslationUnitSelection &selection, const ProgramStructure &programs,
                               const ApiCatalog &catalog) {
  std::set<std::string> tests;
  for (const CompileJob &job : selection.tests)
    tests.insert(job.file);
  const ProjectLayout &layout = catalog.projectLayout();
  std::set<std::string> promoted;
  for (const BuildTarget &target : programs.targets) {
    bool registered = target.registration == CtestRegistration::OneEntry ||
                      target.registration == CtestRegistration::PerCase;
    if (!target.executable || !registered ||
        std::any_of(target.sources.begin(), target.sources.end(),
                    [&](const std::string &source) { return tests.count(source); }))
      continue;
    for (const std::string &source : target.sources) {
      if (!hasTestFileName(source, layout) && !inDirectoryNamed(source, layout.testDirectories))
        continue;
      auto buffer = llvm::MemoryBuffer::getFile(source);
      if (buffer && !callsFrameworkRunner((*buffer)->getBuffer().str(), catalog))
        promoted.insert(source);
    }
  }
  for (std::vector<CompileJob> *from : {&selection.support, &selection.library})
    std::erase_if(*from, [&](const CompileJob &job) {
      if (!promoted.count(job.file))
        return false;
      selection.tests.push_back(job);
      return true;
    });
}

std::vector<CompileJob> takeDefinersOfUnresolvedCalls(const std::vector<TranslationUnitFacts> &parsed,
                                                      std::vector<CompileJob> &library) {
  std::set<std::string> defined, wanted;
  for (const TranslationUnitFacts &unit : parsed)
    for (const Function &function : unit.functions)
      defined.insert(function.usr);
  for (const TranslationUnitFacts &unit : parsed)
    for (const Function &function : unit.functions)
      for (const CallSite &call : function.calls)
        if (!defined.count(call.calleeUsr)) {
          std::string name = call.calleeName.substr(call.calleeName.rfind(':') + 1);
          if (!name.empty() && name.front() != '~' && name.find("operator") == std::string::npos)
            wanted.insert(name + "(");
        }
  std::vector<CompileJob> chosen, rest;
  for (CompileJob &job : library) {
    auto buffer = llvm::MemoryBuffer::getFile(job.file);
    bool mentions = false;
    if (buffer)
      for (const std::string &name : wanted)
        if ((*buffer)->getBuffer().contains(name)) {
          mentions = true;
          break;
        }
    (mentions ? chosen : rest).push_back(std::move(job));
  }
  library = std::move(rest);
  return chosen;
}

} // namespace parready
