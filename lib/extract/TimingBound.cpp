#include "extract/TimingBound.h"

#include <cctype>
#include <cstdlib>

namespace parready {

namespace {

/// Does the '(' at the front close at the very end ("(a + b)", not "(a) + (b)")?
bool enclosedInParentheses(const std::string &text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    return false;
  int depth = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    depth += (text[i] == '(') - (text[i] == ')');
    if (depth == 0)
      return false;
  }
  return true;
}

} // namespace

std::string trimmedExpression(std::string text) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.back()))
    text.pop_back();
  size_t start = 0;
  while (start < text.size() && space(text[start]))
    ++start;
  text.erase(0, start);
  // "(50)" as a macro argument or a cast operand: the parentheses add nothing.
  while (enclosedInParentheses(text))
    text = trimmedExpression(text.substr(1, text.size() - 2));
  return text;
}

namespace {

bool isIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::optional<double> unitOf(const std::string &spelling, const std::map<std::string, double> &units) {
  auto found = units.find(spelling);
  return found == units.end() ? std::nullopt : std::optional<double>(found->second);
}

/// "150" -> 150, with the rest ("ms") in `suffix`; nullopt when the text does
/// not start with a number.
std::optional<double> leadingNumber(const std::string &text, std::string &suffix) {
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'))
    return std::nullopt;
  char *end = nullptr;
  double number = std::strtod(text.c_str(), &end);
  suffix = trimmedExpression(end);
  return number;
}

/// An integer or floating literal's own suffix (50u, 1.5f): no unit.
bool isLiteralSuffix(const std::string &suffix) {
  for (char c : suffix)
    if (std::string("uUlLfF").find(c) == std::string::npos)
      return false;
  return true;
}

/// The unit of a plain number compared with `bounded`, from how `bounded`
/// is computed or named.
std::optional<double> unitOfBounded(const std::string &bounded, const std::map<std::string, double> &units) {
  // duration_cast<std::chrono::milliseconds>(end - start).count()
  if (size_t cast = bounded.find("duration_cast<"); cast != std::string::npos) {
    size_t open = cast + std::string("duration_cast<").size();
    size_t close = bounded.find('>', open);
    if (close == std::string::npos)
      return std::nullopt;
    std::string type = trimmedExpression(bounded.substr(open, close - open));
    return unitOf(type.substr(type.rfind(':') == std::string::npos ? 0 : type.rfind(':') + 1), units);
  }
  if (bounded.find("duration<double>") != std::string::npos)
    return 1.0; // a duration of double seconds
  // The last name in the text: elapsed_ms, elapsedMs, ms.
  size_t end = bounded.size();
  while (end > 0 && !isIdentifierChar(bounded[end - 1]))
    --end;
  size_t start = end;
  while (start > 0 && isIdentifierChar(bounded[start - 1]))
    --start;
  std::string name = bounded.substr(start, end - start);
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    return std::nullopt;
  if (auto whole = unitOf(name, units))
    return whole;
  // A one-letter suffix (_s, _h) says too little to measure by.
  std::string suffix;
  if (size_t underscore = name.rfind('_'); underscore != std::string::npos)
    suffix = name.substr(underscore + 1);
  else
    for (size_t at = name.size(); at-- > 1;)
      if (std::isupper(static_cast<unsigned char>(name[at]))) {
        suffix = name.substr(at);
        suffix[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(suffix[0])));
        break;
      }
  return suffix.size() >= 2 ? unitOf(suffix, units) : std::nullopt;
}

} // namespace

std::optional<double> timingBoundSeconds(const std::string &bound, const std::string &bounded,
                                         const std::map<std::string, double> &units) {
  std::string text = trimmedExpression(bound);
  std::string suffix;
  if (std::optional<double> number = leadingNumber(text, suffix)) {
    if (isLiteralSuffix(suffix)) {
      std::optional<double> unit = unitOfBounded(trimmedExpression(bounded), units);
      return unit ? std::optional<double>(*number * *unit) : std::nullopt;
    }
    std::optional<double> unit = unitOf(suffix, units); // 150ms
    return unit ? std::optional<double>(*number * *unit) : std::nullopt;
  }
  // std::chrono::milliseconds(150), milliseconds{150}
  size_t open = text.find_first_of("({");
  if (open == std::string::npos || open == 0)
    return std::nullopt;
  std::string type = trimmedExpression(text.substr(0, open));
  if (size_t colon = type.rfind(':'); colon != std::string::npos)
    type = type.substr(colon + 1);
  std::optional<double> unit = unitOf(type, units);
  std::string inner = trimmedExpression(text.substr(open + 1, text.size() - open - 2));
  std::optional<double> count = leadingNumber(inner, suffix);
  if (!unit || !count || !isLiteralSuffix(suffix) || (text.back() != ')' && text.back() != '}'))
    return std::nullopt;
  return *count * *unit;
}

} // namespace parready
