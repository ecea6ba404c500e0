#include "input/Input.h"

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

} // namespace parready
