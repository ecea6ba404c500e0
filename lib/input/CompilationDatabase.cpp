#include "input/Input.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <set>

namespace parready {

std::string absolutePath(const std::string &path, const std::string &base) {
  llvm::SmallString<256> result(path);
  if (!llvm::sys::path::is_absolute(result)) {
    llvm::SmallString<256> joined(base);
    llvm::sys::path::append(joined, path);
    result = joined;
  }
  llvm::sys::path::remove_dots(result, /*remove_dot_dot=*/true);
  return std::string(result);
}

namespace {

/// The nearest directory at or above `start` that holds compile_commands.json; "" when none does.
std::string findDatabaseUpwards(llvm::StringRef start) {
  for (llvm::StringRef directory = start; !directory.empty(); directory = llvm::sys::path::parent_path(directory))
    if (llvm::sys::fs::exists(directory + "/compile_commands.json"))
      return directory.str();
  return "";
}

/// Loads the database; `databaseDirectory` is set to the directory of the
/// compile_commands.json it read.
std::unique_ptr<clang::tooling::CompilationDatabase>
loadDatabase(const InputOptions &options, std::string &databaseDirectory, std::string &error) {
  using namespace clang::tooling;
  if (options.fixedFlags) {
    std::vector<std::string> flags = *options.fixedFlags;
    return std::make_unique<FixedCompilationDatabase>(options.workingDirectory, flags);
  }
  // LibTooling's convention: look upwards from the first input for a database.
  std::string probe = options.files.empty() ? options.workingDirectory + "/."
                                            : absolutePath(options.files.front(), options.workingDirectory);
  std::string buildPath = options.buildPath;
  if (buildPath.empty())
    buildPath = findDatabaseUpwards(llvm::sys::path::parent_path(probe));
  // A checkout's usual build directory, as pre-commit hooks of clang tools look there.
  if (buildPath.empty() && llvm::sys::fs::exists(options.workingDirectory + "/build/compile_commands.json"))
    buildPath = options.workingDirectory + "/build";
  if (buildPath.empty()) {
    // No compile_commands.json: LibTooling's other kinds (compile_flags.txt).
    std::string detectError;
    if (auto db = CompilationDatabase::autoDetectFromSource(probe, detectError))
      return inferMissingCompileCommands(std::move(db));
    error = "no compilation database found: pass -p BUILD_DIR (a directory with "
            "compile_commands.json) or compiler flags after --";
    return nullptr;
  }
  std::string dir = absolutePath(buildPath, options.workingDirectory);
  if (!llvm::sys::fs::is_directory(dir)) {
    error = "-p " + buildPath + ": no such directory";
    return nullptr;
  }
  std::string file = dir + "/compile_commands.json";
  if (!llvm::sys::fs::exists(file)) {
    error = file + ": compilation database not found (configure with "
                   "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)";
    return nullptr;
  }
  std::string loadError;
  auto db = JSONCompilationDatabase::loadFromFile(file, loadError, JSONCommandLineSyntax::AutoDetect);
  if (!db) {
    // LLVM's message spans lines; the user gets one.
    for (char &c : loadError)
      if (c == '\n')
        c = ' ';
    while (!loadError.empty() && loadError.back() == ' ')
      loadError.pop_back();
    error = file + ": malformed compilation database: " + loadError;
    return nullptr;
  }
  databaseDirectory = dir;
  return inferMissingCompileCommands(std::move(db));
}
} // namespace

InputResult loadCompileJobs(const InputOptions &options) {
  InputResult result;
  for (const std::string &file : options.files) {
    std::string path = absolutePath(file, options.workingDirectory);
    if (!llvm::sys::fs::exists(path)) {
      result.fatalError = file + ": no such file";
      return result;
    }
    if (llvm::sys::fs::is_directory(path)) {
      result.fatalError = file + ": is a directory (pass source files, or none to analyse the whole database)";
      return result;
    }
  }
  std::unique_ptr<clang::tooling::CompilationDatabase> db = loadDatabase(options, result.databaseDirectory, result.fatalError);
  if (!db)
    return result;

  std::vector<std::string> files;
  if (!options.files.empty()) {
    for (const std::string &file : options.files)
      files.push_back(absolutePath(file, options.workingDirectory));
  } else {
    files = db->getAllFiles();
    if (files.empty()) {
      result.fatalError = "the compilation database lists no files";
      return result;
    }
  }
  std::set<std::string> seen;
  auto jobFor = [&](const std::string &file) -> std::optional<CompileJob> {
    std::vector<clang::tooling::CompileCommand> commands = db->getCompileCommands(file);
    if (commands.empty())
      return std::nullopt;
    // A file compiled several ways (e.g. two targets) is analysed once: the
    // facts of one configuration stand for the test's behaviour.
    const clang::tooling::CompileCommand &command = commands.front();
    return CompileJob{absolutePath(command.Filename, command.Directory), command.Directory, command.CommandLine};
  };
  for (const std::string &file : files) {
    if (!seen.insert(file).second)
      continue;
    std::optional<CompileJob> job = jobFor(file);
    if (!job) {
      result.diagnostics.push_back({"error", "no compile command for this file", {}, file});
      continue;
    }
    result.jobs.push_back(std::move(*job));
  }
  if (!options.files.empty() && !options.fixedFlags)
    for (const std::string &file : db->getAllFiles())
      if (!seen.count(file))
        if (std::optional<CompileJob> job = jobFor(file))
          result.others.push_back(std::move(*job));
  return result;
}

} // namespace parready
