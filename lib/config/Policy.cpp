#include "config/Policy.h"

#include "facts/JsonLocations.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

namespace parready {

namespace {

std::optional<std::string> readFromDisk(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return std::nullopt;
  return (*buffer)->getBuffer().str();
}

/// Line `line` (from 1) of `text`, without its newline.
std::string_view lineOf(std::string_view text, unsigned line) {
  size_t start = 0;
  for (unsigned n = 1; n < line && start != std::string_view::npos; ++n) {
    start = text.find('\n', start);
    if (start != std::string_view::npos)
      ++start;
  }
  if (start == std::string_view::npos || start > text.size())
    return {};
  size_t end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

} // namespace

SourceLocation parseLocation(const std::string &location) {
  llvm::StringRef rest(location);
  SourceLocation parsed;
  auto [beforeColumn, column] = rest.rsplit(':');
  auto [path, line] = beforeColumn.rsplit(':');
  if (!path.empty() && !line.getAsInteger(10, parsed.line) && !column.getAsInteger(10, parsed.column)) {
    parsed.path = path.str();
    return parsed;
  }
  parsed = {};
  parsed.path = location;
  return parsed;
}

FindingPolicy::FindingPolicy(Configurations &configurations, const RuleSet &rules, FileReader readFile)
    : Config(configurations), Rules(rules), ReadFile(readFile ? std::move(readFile) : FileReader(readFromDisk)) {}

FindingPolicy::SourceFile *FindingPolicy::source(const std::string &path) {
  auto [entry, inserted] = Sources.try_emplace(path);
  if (inserted)
    if (std::optional<std::string> text = ReadFile(path)) {
      entry->second.emplace();
      entry->second->text = std::move(*text);
      entry->second->suppressions = scanSuppressions(entry->second->text);
    }
  return entry->second ? &*entry->second : nullptr;
}

std::optional<size_t> FindingPolicy::markOf(SourceFile &file, unsigned testLine) {
  const std::vector<TestMark> &marks = file.suppressions.marks;
  for (size_t i = 0; i < marks.size(); ++i) {
    if (marks[i].line > testLine)
      continue;
    bool onlyComments = true;
    for (unsigned line = marks[i].line + 1; line < testLine && onlyComments; ++line)
      onlyComments = llvm::StringRef(lineOf(file.text, line)).ltrim().starts_with("//");
    // Above the test, the mark is a comment line of its own: a mark after
    // code on its line is that line's.
    if (onlyComments &&
        (marks[i].line == testLine || llvm::StringRef(lineOf(file.text, marks[i].line)).ltrim().starts_with("//"))) {
      file.attachedMarks.insert(i);
      return i;
    }
  }
  return std::nullopt;
}

std::pair<RuleSetting, std::string> FindingPolicy::ruleSetting(const std::string &testFile, const std::string &rule) {
  return Config.forFile(testFile).rule(rule);
}

std::optional<DeclaredVerdict> FindingPolicy::declared(const std::string &testFile, const std::string &testName,
                                                       unsigned testLine) {
  if (SourceFile *file = source(testFile))
    if (std::optional<size_t> mark = markOf(*file, testLine)) {
      const TestMark &found = file->suppressions.marks[*mark];
      // A safe mark is used once it suppresses something (suppression()).
      if (found.verdict == Verdict::Serial)
        file->usedMarks.insert(*mark);
      return DeclaredVerdict{found.verdict, found.reason, {testFile, found.line, found.column}, true};
    }
  const EffectiveConfiguration &configuration = Config.forFile(testFile);
  Consulted.insert(configuration.chain.begin(), configuration.chain.end());
  if (const TestDeclaration *declaration = configuration.test(testName)) {
    Matched.insert(declaration);
    return DeclaredVerdict{declaration->verdict, declaration->reason, parseLocation(declaration->declaredAt), false};
  }
  return std::nullopt;
}

std::vector<std::string> FindingPolicy::unmatchedDeclarations() const {
  std::vector<std::string> warnings;
  for (const ConfigurationFile *file : Consulted)
    for (const TestDeclaration &declaration : file->tests)
      if (!Matched.count(&declaration))
        warnings.push_back(declaration.declaredAt + ": warning: no test of this run is named like '" +
                           declaration.pattern +
                           "' (names are Suite.Name for GoogleTest, the test case's name for Catch2 and doctest)");
  std::sort(warnings.begin(), warnings.end());
  return warnings;
}

std::optional<Suppression> FindingPolicy::suppression(const std::string &testFile, const std::string &testName,
                                                      unsigned testLine, const std::string &rule,
                                                      const std::vector<SourceLocation> &places) {
  if (std::optional<DeclaredVerdict> declaration = declared(testFile, testName, testLine);
      declaration && declaration->verdict == Verdict::Safe) {
    if (declaration->fromComment)
      if (SourceFile *file = source(testFile))
        if (std::optional<size_t> mark = markOf(*file, testLine))
          file->usedMarks.insert(*mark);
    return Suppression{declaration->fromComment ? SuppressionKind::TestMark : SuppressionKind::Configuration,
                       declaration->location,
                       declaration->fromComment ? "parready: safe" : Config.forFile(testFile).test(testName)->pattern,
                       declaration->reason};
  }
  for (const SourceLocation &place : places) {
    if (!place.valid())
      continue;
    SourceFile *file = source(place.path);
    if (!file)
      continue;
    const std::vector<SuppressionComment> &comments = file->suppressions.comments;
    for (size_t i = 0; i < comments.size(); ++i)
      if (comments[i].covers(rule, place.line)) {
        file->usedComments.insert(i);
        return Suppression{SuppressionKind::Comment, {place.path, comments[i].line, comments[i].column},
                           comments[i].text, comments[i].reason};
      }
  }
  return std::nullopt;
}

std::vector<IdleSuppression> FindingPolicy::idle(const std::vector<std::string> &files) {
  std::vector<std::string_view> ids;
  for (const Rule &rule : Rules.rules())
    ids.push_back(rule.id);
  std::vector<IdleSuppression> found;
  for (const std::string &path : files) {
    SourceFile *file = source(path);
    if (!file)
      continue;
    const SourceSuppressions &suppressions = file->suppressions;
    for (size_t i = 0; i < suppressions.comments.size(); ++i) {
      const SuppressionComment &comment = suppressions.comments[i];
      if (file->usedComments.count(i) || !comment.namesParreadyRules())
        continue;
      std::string message = comment.text + " suppresses nothing";
      for (const std::string &rule : comment.rules)
        if (rule.starts_with("parready-") && rule.find_first_of("*?[") == std::string::npos &&
            std::find(ids.begin(), ids.end(), rule) == ids.end())
          message += "; '" + rule + "' is no parready rule" + didYouMean(rule, ids);
      found.push_back({{path, comment.line, comment.column}, comment.text, message});
    }
    for (size_t i = 0; i < suppressions.marks.size(); ++i) {
      const TestMark &mark = suppressions.marks[i];
      if (file->usedMarks.count(i))
        continue;
      std::string text = std::string("parready: ") + toString(mark.verdict);
      found.push_back({{path, mark.line, mark.column}, text,
                       text + (file->attachedMarks.count(i) ? " suppresses nothing: the test it marks has no finding"
                                                            : " marks no test: put it on the line of the test or just "
                                                              "above it, with only comments between")});
    }
    for (const SuppressionProblem &problem : suppressions.problems)
      found.push_back({{path, problem.line, problem.column}, problem.text,
                       problem.text + " suppresses nothing: " + problem.message});
  }
  std::sort(found.begin(), found.end(),
            [](const IdleSuppression &a, const IdleSuppression &b) { return a.location < b.location; });
  return found;
}

} // namespace parready
