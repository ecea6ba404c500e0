#include "input/Durations.h"

#include "facts/OneLine.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string_view>

namespace parready {

namespace {

std::optional<double> number(const std::string &text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0)
    return std::nullopt;
  return value;
}

/// cmCTestMultiProcessHandler::UpdateCostData writes "<name> <runs> <average
/// seconds>" per test, then "---" and the tests that failed last time. CTest
/// itself splits on spaces, but a name may hold some: the numbers are the
/// last two fields. A test that never passed has "0 0": nothing measured.
std::string parseCostData(const std::string &text, const std::string &origin, std::vector<TestDuration> &durations) {
  std::istringstream lines(text);
  std::string line;
  for (unsigned number_ = 1; std::getline(lines, line); ++number_) {
    if (line == "---")
      break;
    if (line.empty())
      continue;
    size_t costAt = line.rfind(' ');
    size_t runsAt = costAt == std::string::npos || costAt == 0 ? std::string::npos : line.rfind(' ', costAt - 1);
    if (runsAt == std::string::npos || runsAt == 0)
      return origin + ":" + std::to_string(number_) + ": expected '<test> <runs> <seconds>', found '" + line + "'";
    std::optional<double> runs = number(line.substr(runsAt + 1, costAt - runsAt - 1));
    std::optional<double> cost = number(line.substr(costAt + 1));
    if (!runs || !cost)
      return origin + ":" + std::to_string(number_) + ": '" + line + "' has no run count and time";
    if (*runs > 0)
      durations.push_back({line.substr(0, runsAt), *cost});
  }
  return "";
}

std::string unescaped(const std::string &value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    size_t end = value[i] == '&' ? value.find(';', i) : std::string::npos;
    if (end == std::string::npos) {
      out += value[i];
      continue;
    }
    std::string entity = value.substr(i + 1, end - i - 1);
    static const std::map<std::string, char> named = {
        {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
    if (auto it = named.find(entity); it != named.end()) {
      out += it->second;
    } else if (entity.size() > 1 && entity[0] == '#') {
      bool hex = entity[1] == 'x' || entity[1] == 'X';
      unsigned long code = std::strtoul(entity.c_str() + (hex ? 2 : 1), nullptr, hex ? 16 : 10);
      char utf8[UNI_MAX_UTF8_BYTES_PER_CODE_POINT];
      char *end8 = utf8;
      if (llvm::ConvertCodePointToUTF8(unsigned(code), end8))
        out.append(utf8, end8);
    } else {
      out += value.substr(i, end - i + 1);
    }
    i = end;
  }
  return out;
}

/// The attributes of every <testcase ...> start tag. No XML library is at
/// hand, and these reports are flat enough for a tag scanner.
std::vector<std::map<std::string, std::string>> testcases(const std::string &text) {
  static const std::regex attribute(R"re(([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)'))re");
  std::vector<std::map<std::string, std::string>> found;
  for (size_t at = text.find("<testcase"); at != std::string::npos; at = text.find("<testcase", at)) {
    at += std::string_view("<testcase").size();
    // The tag ends at the first '>' outside quotes: Catch2 leaves '>' unescaped in values.
    size_t end = at;
    for (char quote = 0; end < text.size() && (quote || text[end] != '>'); ++end)
      if (text[end] == '"' || text[end] == '\'')
        quote = quote == text[end] ? 0 : quote ? quote : text[end];
    if (end == text.size())
      break;
    if (!std::isspace(static_cast<unsigned char>(text[at])) && text[at] != '/' && text[at] != '>')
      continue; // <testcases>, not <testcase>
    std::string inside = text.substr(at, end - at);
    std::map<std::string, std::string> attributes;
    for (std::sregex_iterator a(inside.begin(), inside.end(), attribute), last; a != last; ++a)
      attributes[(*a)[1].str()] = unescaped((*a)[3].matched ? (*a)[3].str() : (*a)[4].str());
    found.push_back(std::move(attributes));
  }
  return found;
}

/// GoogleTest names its root "AllTests" and gives every testcase a `result`
/// (1.10+); gtest_discover_tests names the test "<classname>.<name>". Other
/// JUnit writers name it `name`: ctest repeats the test name in `classname`,
/// Catch2 puts "<binary>.global" there, and their discovery uses `name`.
/// Catch2 reports each leaf section as "<case>/<section>"; catch_discover_tests
/// runs the whole case, so its sections' times add up.
std::string parseXml(const std::string &text, const std::string &origin, std::vector<TestDuration> &durations,
                     DurationFormat &format) {
  std::vector<std::map<std::string, std::string>> cases = testcases(text);
  bool googleTest = text.find("name=\"AllTests\"") != std::string::npos ||
                    std::any_of(cases.begin(), cases.end(), [](const auto &c) { return c.count("result"); });
  format = googleTest ? DurationFormat::GoogleTestXml : DurationFormat::JUnitXml;
  std::map<std::string, size_t> indexOf; // into durations
  for (const auto &attributes : cases) {
    auto get = [&](const char *key) {
      auto it = attributes.find(key);
      return it == attributes.end() ? std::string() : it->second;
    };
    std::string status = get("status"), result = get("result");
    if (status == "notrun" || status == "disabled" || result == "skipped" || result == "suppressed")
      continue;
    std::string name = get("name");
    if (name.empty())
      return origin + ": a <testcase> without a name";
    if (googleTest && !get("classname").empty())
      name = get("classname") + "." + name;
    else if (get("classname").ends_with(".global"))
      name = name.substr(0, name.find('/'));
    std::optional<double> seconds = number(get("time"));
    if (!seconds)
      return origin + ": test '" + name + "' has no time (time=\"" + get("time") + "\")";
    auto [it, inserted] = indexOf.try_emplace(name, durations.size());
    if (inserted)
      durations.push_back({name, 0});
    durations[it->second].seconds += *seconds;
  }
  return "";
}

} // namespace

std::string parseDurations(const std::string &text, const std::string &origin, std::vector<TestDuration> &durations,
                           DurationFormat *format) {
  durations.clear();
  DurationFormat found;
  std::string error;
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string::npos && text[start] == '<' && text.find("<testsuite") != std::string::npos) {
    error = parseXml(text, origin, durations, found);
  } else if (std::vector<TestDuration> first; start != std::string::npos &&
                                                 parseCostData(text.substr(start, text.find('\n', start) - start) + "\n",
                                                               origin, first).empty()) {
    // The first line is "<test> <runs> <seconds>": a cost file, even if a later line is broken.
    found = DurationFormat::CTestCostData;
    error = parseCostData(text, origin, durations);
  } else {
    return origin + ": not a CTestCostData.txt, GoogleTest XML or JUnit XML file";
  }
  if (!error.empty()) {
    durations.clear();
    return oneLine(error); // it may quote a line or a test name of the file
  }
  if (durations.empty())
    return origin + ": no test with a measured duration";
  if (format)
    *format = found;
  return "";
}

std::string readDurations(const std::string &path, std::vector<TestDuration> &durations, DurationFormat *format) {
  durations.clear();
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return path + ": cannot read: " + buffer.getError().message();
  return parseDurations((*buffer)->getBuffer().str(), path, durations, format);
}

} // namespace parready
