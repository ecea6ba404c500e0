// What a project says about the findings of its tests, for classify: the
// configuration of each test file and the suppression comments of the
// sources (docs/configuration.md). Reads the sources it is asked about.
#pragma once

#include "config/Configuration.h"
#include "config/Suppressions.h"
#include "facts/Facts.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parready {

/// The rule that reports suppression comments that suppress nothing: the
/// one rule reported by this stage's comments, not by a predicate over accesses.
inline constexpr const char *UnusedSuppressionRule = "parready-unused-suppression";

enum class SuppressionKind {
  Comment,       ///< a NOLINT comment
  TestMark,      ///< a `// parready: safe <reason>` mark on the test
  Configuration, ///< a test declared safe in .parready.json
};

template <> struct NamesOf<SuppressionKind> {
  static constexpr EnumNames<SuppressionKind, 3> names{{{{SuppressionKind::Comment, "comment"},
                                                         {SuppressionKind::TestMark, "test-mark"},
                                                         {SuppressionKind::Configuration, "configuration"}}}};
};

/// Why a finding is not reported as a hazard.
struct Suppression {
  SuppressionKind kind = SuppressionKind::Comment;
  SourceLocation location; ///< of the comment, or of the configuration entry
  std::string text;        ///< the comment as written, or the declaration's test glob
  std::string reason;      ///< a mark's or a declaration's
};

/// A verdict declared for one test, and where.
struct DeclaredVerdict {
  Verdict verdict = Verdict::Serial;
  std::string reason;
  SourceLocation location;
  bool fromComment = false; ///< a `// parready:` mark, not .parready.json
};

/// A suppression comment that suppresses nothing, or is malformed.
struct IdleSuppression {
  SourceLocation location;
  std::string text;    ///< the comment as written
  std::string message; ///< why it is reported
};

class FindingPolicy {
public:
  /// `readFile` returns a file's text, or nullopt when it cannot be read
  /// (its comments then suppress nothing).
  using FileReader = std::function<std::optional<std::string>(const std::string &path)>;
  FindingPolicy(Configurations &configurations, const RuleSet &rules, FileReader readFile = {});

  /// How the configuration of the test file sets the rule, and where ("" when nothing sets it).
  std::pair<RuleSetting, std::string> ruleSetting(const std::string &testFile, const std::string &rule);
  /// A verdict declared for the test: a `// parready:` mark on it, else the
  /// first declaration of its file's configuration that matches its name.
  std::optional<DeclaredVerdict> declared(const std::string &testFile, const std::string &testName, unsigned testLine);
  /// Is a finding of `rule` for this test suppressed: the test is declared
  /// safe, or a NOLINT covers one of `places` (the access, and the calls of
  /// the chain to it that classify offers)? The suppression used is remembered.
  std::optional<Suppression> suppression(const std::string &testFile, const std::string &testName, unsigned testLine,
                                         const std::string &rule, const std::vector<SourceLocation> &places);
  /// The suppression comments and marks of these files (the test files) that
  /// suppressed nothing so far, and the malformed ones, by place.
  std::vector<IdleSuppression> idle(const std::vector<std::string> &files);
  /// "path:line:col: warning: ..." for each test declaration of the
  /// configurations asked about that matched no test of the run: a
  /// misspelt name must not be a silent no-op.
  std::vector<std::string> unmatchedDeclarations() const;

private:
  struct SourceFile {
    std::string text;
    SourceSuppressions suppressions;
    std::set<size_t> usedComments, usedMarks;
    std::set<size_t> attachedMarks; ///< marks found to belong to a test
  };
  SourceFile *source(const std::string &path);
  /// The mark of the test defined at `testLine`: on that line, or above it
  /// with nothing but comments in between.
  std::optional<size_t> markOf(SourceFile &file, unsigned testLine);

  Configurations &Config;
  const RuleSet &Rules;
  FileReader ReadFile;
  std::map<std::string, std::optional<SourceFile>> Sources;
  std::set<const ConfigurationFile *> Consulted;
  std::set<const TestDeclaration *> Matched;
};

/// "path:12:3" -> {path, 12, 3}; a path alone when there is no position.
SourceLocation parseLocation(const std::string &location);

} // namespace parready
