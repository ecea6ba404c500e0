#include "input/Programs.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Signals.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace parready {

namespace {

using nlohmann::json;

std::optional<json> readJson(const std::string &path, std::string &problem) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    problem = path + ": cannot read";
    return std::nullopt;
  }
  json parsed = json::parse((*buffer)->getBuffer().begin(), (*buffer)->getBuffer().end(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    problem = path + ": not a JSON object";
    return std::nullopt;
  }
  return parsed;
}

std::string replyDirectory(const std::string &buildDirectory) { return buildDirectory + "/.cmake/api/v1/reply"; }

/// CMake names reply indexes by their time of writing: the newest sorts last.
std::string newestReplyIndex(const std::string &reply) {
  std::string newest;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(reply, ec), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name.starts_with("index-") && name.ends_with(".json") && it->path() > newest)
      newest = it->path();
  }
  return newest;
}

/// Every target that `target` links, directly or through another target.
std::vector<size_t> closure(size_t target, const std::vector<std::vector<size_t>> &direct) {
  std::vector<size_t> pending{target}, reached;
  std::set<size_t> seen{target};
  while (!pending.empty()) {
    size_t next = pending.back();
    pending.pop_back();
    for (size_t dependency : direct[next])
      if (seen.insert(dependency).second) {
        reached.push_back(dependency);
        pending.push_back(dependency);
      }
  }
  std::sort(reached.begin(), reached.end());
  return reached;
}

/// gtest_discover_tests, catch_discover_tests and doctest_discover_tests
/// register `<target>_NOT_BUILT[-hash]` until the binary exists and its cases
/// are listed: a target with such an entry is registered per case.
constexpr llvm::StringLiteral DiscoveryPlaceholder = "_NOT_BUILT";

} // namespace

std::optional<ProgramStructure> readCmakeFileApi(const std::string &buildDirectory, std::string &problem) {
  std::string reply = replyDirectory(buildDirectory);
  std::string indexPath = newestReplyIndex(reply);
  if (indexPath.empty())
    return std::nullopt;
  std::optional<json> index = readJson(indexPath, problem);
  if (!index)
    return std::nullopt;
  std::string codemodelFile;
  for (const json &object : index->value("objects", json::array()))
    if (object.value("kind", "") == "codemodel" && object.value("/version/major"_json_pointer, 0) == 2)
      codemodelFile = object.value("jsonFile", "");
  if (codemodelFile.empty()) {
    problem = indexPath + ": no codemodel-v2 in the reply";
    return std::nullopt;
  }
  std::optional<json> codemodel = readJson(reply + "/" + codemodelFile, problem);
  if (!codemodel)
    return std::nullopt;
  std::string sourceDirectory = codemodel->value("/paths/source"_json_pointer, buildDirectory);
  std::string buildTop = codemodel->value("/paths/build"_json_pointer, buildDirectory);
  const json &configurations = codemodel->value("configurations", json::array());
  if (configurations.empty()) {
    problem = reply + "/" + codemodelFile + ": no configuration";
    return std::nullopt;
  }
  // A multi-config build lists the same targets per configuration: the first
  // one's sources and links stand for all.
  ProgramStructure programs;
  programs.origin = "cmake-file-api";
  std::map<std::string, size_t> byId;
  std::vector<std::vector<std::string>> dependencyIds;
  for (const json &entry : configurations.front().value("targets", json::array())) {
    std::optional<json> target = readJson(reply + "/" + entry.value("jsonFile", ""), problem);
    if (!target)
      return std::nullopt;
    std::string type = target->value("type", "");
    if (type == "UTILITY" || type == "INTERFACE_LIBRARY")
      continue;
    BuildTarget built;
    built.name = target->value("name", "");
    built.executable = type == "EXECUTABLE";
    for (const json &source : target->value("sources", json::array()))
      // Headers are listed too; only compiled sources are TUs.
      if (source.contains("compileGroupIndex"))
        built.sources.push_back(absolutePath(source.value("path", ""), sourceDirectory));
    for (const json &artifact : target->value("artifacts", json::array()))
      built.artifacts.push_back(absolutePath(artifact.value("path", ""), buildTop));
    std::vector<std::string> ids;
    for (const json &dependency : target->value("dependencies", json::array()))
      ids.push_back(dependency.value("id", ""));
    byId[target->value("id", entry.value("id", ""))] = programs.targets.size();
    programs.targets.push_back(std::move(built));
    dependencyIds.push_back(std::move(ids));
  }
  std::vector<std::vector<size_t>> direct(programs.targets.size());
  for (size_t target = 0; target < programs.targets.size(); ++target)
    for (const std::string &id : dependencyIds[target])
      if (auto found = byId.find(id); found != byId.end())
        direct[target].push_back(found->second);
  for (size_t target = 0; target < programs.targets.size(); ++target)
    programs.targets[target].dependencies = closure(target, direct);
  return programs;
}

bool requestCmakeFileApi(const std::string &buildDirectory) {
  std::string query = buildDirectory + "/.cmake/api/v1/query/client-parready";
  if (llvm::sys::fs::create_directories(query))
    return false;
  std::error_code ec;
  llvm::raw_fd_ostream(query + "/codemodel-v2", ec);
  return !ec;
}

ProgramStructure assumedPrograms(const TranslationUnitSelection &selection) {
  ProgramStructure programs;
  programs.origin = "assumed";
  BuildTarget shared{.name = "non-test files"};
  for (const std::vector<CompileJob> *jobs : {&selection.support, &selection.library})
    for (const CompileJob &job : *jobs)
      shared.sources.push_back(job.file);
  programs.targets.push_back(std::move(shared));
  for (const CompileJob &test : selection.tests)
    programs.targets.push_back(
        {.name = llvm::sys::path::stem(test.file).str(), .executable = true, .sources = {test.file}, .dependencies = {0}});
  return programs;
}

std::string applyCtestRegistrations(const std::string &ctestJson, ProgramStructure &programs,
                                    const std::map<std::string, std::vector<std::string>> &writtenCommands) {
  json info = json::parse(ctestJson, nullptr, false);
  if (info.is_discarded() || !info.is_object() || !info.contains("tests"))
    return "ctest --show-only=json-v1 gave no test list";
  std::map<std::string, size_t> byArtifact, byName;
  for (size_t target = 0; target < programs.targets.size(); ++target) {
    if (!programs.targets[target].executable)
      continue;
    byName[programs.targets[target].name] = target;
    for (const std::string &artifact : programs.targets[target].artifacts)
      byArtifact[artifact] = target;
  }
  std::map<size_t, size_t> entries;
  std::set<size_t> discovered;
  for (const json &test : info["tests"]) {
    // The command names the binary (perhaps behind a wrapper: valgrind, an
    // emulator); ctest leaves it out while the binary is not built, and then
    // the CTestTestfile.cmake that registers it, or the test's name, says
    // which target it runs.
    std::string name = test.value("name", "");
    std::vector<std::string> command = test.value("command", std::vector<std::string>{});
    if (auto written = writtenCommands.find(name); command.empty() && written != writtenCommands.end())
      command = written->second;
    std::optional<size_t> target;
    for (const std::string &word : command)
      if (auto found = byArtifact.find(word); !target && found != byArtifact.end())
        target = found->second;
    if (!target) {
      size_t placeholder = name.rfind(DiscoveryPlaceholder.str());
      if (auto found = byName.find(name.substr(0, placeholder)); found != byName.end()) {
        target = found->second;
        if (placeholder != std::string::npos)
          discovered.insert(*target);
      }
    }
    if (target)
      ++entries[*target];
  }
  for (size_t target = 0; target < programs.targets.size(); ++target) {
    BuildTarget &built = programs.targets[target];
    if (!built.executable)
      continue;
    size_t count = entries.count(target) ? entries[target] : 0;
    built.registration = discovered.count(target) || count > 1 ? CtestRegistration::PerCase
                         : count == 1                          ? CtestRegistration::OneEntry
                                                               : CtestRegistration::NotRegistered;
  }
  return "";
}

namespace {

/// The output of `ctest --show-only=json-v1` in `buildDirectory`, or "" with
/// `problem` set when ctest is missing, fails or runs too long.
std::string listCtestTests(const ProgramsRequest &request, std::string &problem) {
  llvm::ErrorOr<std::string> ctest = llvm::sys::findProgramByName(request.ctestProgram);
  if (!ctest) {
    problem = request.ctestProgram + " not found";
    return "";
  }
  llvm::SmallString<128> output;
  if (llvm::sys::fs::createTemporaryFile("parready-ctest", "json", output)) {
    problem = "cannot create a temporary file for ctest's output";
    return "";
  }
  std::string outputPath(output);
  // Ctrl-C while ctest runs leaves no temporary file behind.
  llvm::sys::RemoveFileOnSignal(outputPath);
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(outputPath),
                                                llvm::StringRef("")};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(
      *ctest, {*ctest, "--test-dir", request.buildDirectory, "--show-only=json-v1"}, std::nullopt, redirects,
      request.ctestTimeoutSeconds, 0, &message);
  std::string text;
  if (status != 0)
    problem = "ctest --show-only=json-v1 failed" + (message.empty() ? "" : ": " + message);
  else if (auto buffer = llvm::MemoryBuffer::getFile(outputPath))
    text = (*buffer)->getBuffer().str();
  llvm::sys::fs::remove(outputPath);
  llvm::sys::DontRemoveFileOnSignal(outputPath);
  return text;
}

/// The words of one CMake command's arguments, as CTestTestfile.cmake writes
/// them: "quoted" (with backslash escapes), [=[bracketed]=] or bare.
std::vector<std::string> cmakeArguments(llvm::StringRef text) {
  std::vector<std::string> words;
  size_t at = 0;
  while (at < text.size()) {
    char c = text[at];
    if (c == ' ' || c == '\t') {
      ++at;
    } else if (c == '"') {
      std::string word;
      for (++at; at < text.size() && text[at] != '"'; ++at)
        word += text[at] == '\\' && at + 1 < text.size() ? text[++at] : text[at];
      words.push_back(std::move(word));
      ++at;
    } else if (size_t open = text.find_first_not_of('=', at + 1);
               c == '[' && open != llvm::StringRef::npos && text[open] == '[') {
      std::string close = "]" + std::string(open - at - 1, '=') + "]";
      size_t end = text.find(close, open + 1);
      words.push_back(text.slice(open + 1, end).str());
      at = end == llvm::StringRef::npos ? text.size() : end + close.size();
    } else {
      size_t end = text.find_first_of(" \t", at);
      words.push_back(text.slice(at, end).str());
      at = end == llvm::StringRef::npos ? text.size() : end;
    }
  }
  return words;
}

void readTestfiles(const std::string &directory, std::map<std::string, std::vector<std::string>> &commands,
                   unsigned depth) {
  auto buffer = llvm::MemoryBuffer::getFile(directory + "/CTestTestfile.cmake");
  if (!buffer || depth > 32)
    return;
  llvm::SmallVector<llvm::StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n');
  for (llvm::StringRef line : lines) {
    line = line.trim();
    bool test = line.consume_front("add_test(");
    if ((!test && !line.consume_front("subdirs(")) || !line.consume_back(")"))
      continue;
    std::vector<std::string> words = cmakeArguments(line);
    if (words.empty())
      continue;
    if (test)
      commands[words.front()] = std::vector<std::string>(words.begin() + 1, words.end());
    else
      readTestfiles(absolutePath(words.front(), directory), commands, depth + 1);
  }
}

} // namespace

std::map<std::string, std::vector<std::string>> readCtestTestfiles(const std::string &buildDirectory) {
  std::map<std::string, std::vector<std::string>> commands;
  readTestfiles(buildDirectory, commands, 0);
  return commands;
}

namespace {

/// Test files the reply does not place in any program (a build changed
/// since CMake last ran) become programs of their own over the non-test
/// files that no target holds either.
void addUnplacedTests(const TranslationUnitSelection &selection, ProgramStructure &programs) {
  std::set<std::string> placed;
  for (const BuildTarget &target : programs.targets)
    placed.insert(target.sources.begin(), target.sources.end());
  TranslationUnitSelection unplaced;
  auto keepUnplaced = [&](const std::vector<CompileJob> &from, std::vector<CompileJob> &to) {
    std::copy_if(from.begin(), from.end(), std::back_inserter(to),
                 [&](const CompileJob &job) { return !placed.count(job.file); });
  };
  keepUnplaced(selection.tests, unplaced.tests);
  if (unplaced.tests.empty())
    return;
  keepUnplaced(selection.support, unplaced.support);
  keepUnplaced(selection.library, unplaced.library);
  size_t offset = programs.targets.size();
  for (BuildTarget &target : assumedPrograms(unplaced).targets) {
    for (size_t &dependency : target.dependencies)
      dependency += offset;
    programs.targets.push_back(std::move(target));
  }
}

} // namespace

ProgramStructure findPrograms(const ProgramsRequest &request, const TranslationUnitSelection &selection,
                              std::vector<ToolDiagnostic> &diagnostics) {
  const std::string &build = request.buildDirectory;
  // Only a CMake build directory has a file API to ask.
  if (build.empty() || !llvm::sys::fs::exists(build + "/CMakeCache.txt"))
    return assumedPrograms(selection);
  std::string problem;
  std::optional<ProgramStructure> programs = readCmakeFileApi(build, problem);
  if (!programs) {
    std::string howToFix = requestCmakeFileApi(build)
                               ? "parready asked CMake for them: re-run `cmake " + build + "`"
                               : "write " + build + "/.cmake/api/v1/query/client-parready/codemodel-v2 and re-run cmake";
    std::string why = problem.empty() ? "the build directory has no CMake file-API reply listing its programs" : problem;
    diagnostics.push_back({"warning",
                           why + "; " + howToFix +
                               " so that parready reads which test files make up which program (until then each "
                               "test file is assumed to be a program of its own, linked with the non-test files)",
                           {},
                           build});
    return assumedPrograms(selection);
  }
  addUnplacedTests(selection, *programs);
  if (!request.ctestProgram.empty() && llvm::sys::fs::exists(build + "/CTestTestfile.cmake")) {
    std::string ctestJson = listCtestTests(request, problem);
    if (!ctestJson.empty())
      problem = applyCtestRegistrations(ctestJson, *programs, readCtestTestfiles(build));
    if (!problem.empty() && request.note)
      request.note("how CTest registers the test programs is unknown: " + problem);
  }
  return *programs;
}

} // namespace parready
