// .parready.json files and suppression comments: users write both, so any
// text must give a configuration or located one-line errors, and any source
// text a list of comments, never a crash.
#include "FuzzTarget.h"

#include "config/Configuration.h"
#include "config/Suppressions.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <fstream>

namespace {
/// A directory of this process for the configuration under test, removed at exit.
struct ScratchDirectory {
  ScratchDirectory() {
    if (llvm::sys::fs::createUniqueDirectory("parready-config-fuzz", Path))
      parready::fuzz::broken("a scratch directory", "cannot create one");
  }
  ~ScratchDirectory() { llvm::sys::fs::remove_directories(Path); }
  llvm::SmallString<128> Path;
};

const std::string scratchDirectory() {
  static ScratchDirectory directory;
  return std::string(directory.Path);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace parready;
  std::string text = fuzz::text(data, size);

  SourceSuppressions found = scanSuppressions(text);
  for (const SuppressionComment &comment : found.comments)
    if (comment.firstLine > comment.lastLine || comment.line == 0)
      fuzz::broken("a suppression covers lines from its first to its last", comment.text);

  static RuleSet rules;
  static bool loaded = rules.load(PARREADY_SOURCE_RULES_DIR).empty() || (fuzz::broken("rules", "load"), false);
  (void)loaded;
  std::string path = scratchDirectory() + "/" + ConfigurationFileName;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  Configurations configurations(rules);
  configurations.dump(scratchDirectory() + "/a_test.cpp");
  for (const std::string &error : configurations.errors()) {
    fuzz::checkError(error, path);
    if (error.find(": error: ") == std::string::npos)
      fuzz::broken("a configuration error says where and that it is an error", error);
  }
  return 0;
}
