#include "input/Input.h"

#include "llvm/Support/Path.h"

#include <cctype>

namespace parready {

namespace {
bool isIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
} // namespace

bool mentionsTestMacro(const std::string &text, const std::vector<std::string> &macroNames) {
  for (const std::string &name : macroNames) {
    for (size_t pos = text.find(name); pos != std::string::npos; pos = text.find(name, pos + 1)) {
      if (pos > 0 && isIdentifierChar(text[pos - 1]))
        continue;
      size_t after = pos + name.size();
      while (after < text.size() && (text[after] == ' ' || text[after] == '\t'))
        ++after;
      if (after < text.size() && text[after] == '(')
        return true;
    }
  }
  return false;
}

bool isPlainTestProgram(const std::string &path, const std::string &text,
                        const std::vector<std::string> &frameworkHeaders) {
  // A test by its place: a tests/ directory, or a name like test_x.c, x_test.cc.
  llvm::StringRef stem = llvm::sys::path::stem(path);
  bool testName = stem.starts_with("test") || stem.ends_with("test") || stem.ends_with("tests") ||
                  stem.ends_with("_unittest");
  bool testDirectory = false;
  for (auto part = llvm::sys::path::begin(llvm::sys::path::parent_path(path)),
            end = llvm::sys::path::end(llvm::sys::path::parent_path(path));
       part != end; ++part)
    testDirectory |= *part == "test" || *part == "tests" || *part == "unittests" || *part == "testing";
  if (!testName && !testDirectory)
    return false;
  // ...that defines main() itself...
  if (!mentionsTestMacro(text, {"main"}))
    return false;
  // ...and is not a framework's runner (int main() { return RUN_ALL_TESTS(); }).
  for (size_t at = text.find("#include"); at != std::string::npos; at = text.find("#include", at + 1)) {
    std::string line = text.substr(at, text.find('\n', at) - at);
    for (const std::string &header : frameworkHeaders)
      if (line.find(header) != std::string::npos)
        return false;
  }
  return true;
}

} // namespace parready
