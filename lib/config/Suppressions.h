// Suppression comments in source text, in clang-tidy's syntax so that users
// learn one: `// NOLINT(parready-shared-path)`, `NOLINTNEXTLINE(...)`,
// `NOLINTBEGIN(...)` ... `NOLINTEND(...)`; and per-test marks,
// `// parready: serial` or `// parready: safe <reason>` (docs/configuration.md).
#pragma once

#include "rules/Verdict.h"

#include <string>
#include <string_view>
#include <vector>

namespace parready {

enum class SuppressionForm { SameLine, NextLine, Block };

/// One NOLINT comment and the lines it covers.
struct SuppressionComment {
  SuppressionForm form = SuppressionForm::SameLine;
  unsigned line = 0, column = 0;        ///< of the NOLINT keyword
  unsigned firstLine = 0, lastLine = 0; ///< covered; a Block from its BEGIN to its END
  /// The rule globs in parentheses ("parready-shared-path", "parready-*");
  /// empty for a bare NOLINT, which covers every rule, as in clang-tidy.
  std::vector<std::string> rules;
  std::string text; ///< as written, "NOLINT(parready-shared-path)", for messages
  /// What the comment says after it ("NOLINT(x): the CI image isolates /tmp").
  std::string reason;

  /// Does it cover `rule` on `line`? (Negative globs are ignored, as clang-tidy does.)
  bool covers(const std::string &rule, unsigned line) const;
  /// Does it name a parready rule (or a glob over them)? Only such a
  /// comment can be reported as suppressing nothing: a bare NOLINT or a
  /// NOLINT(bugprone-*) is another tool's.
  bool namesParreadyRules() const;
};

/// `// parready: serial` or `// parready: safe <reason>`: a verdict for
/// the test defined on its line or the line after it.
struct TestMark {
  unsigned line = 0, column = 0;
  Verdict verdict = Verdict::Serial;
  std::string reason; ///< what follows the verdict; required for `safe`
};

/// A malformed comment: a NOLINTBEGIN without its NOLINTEND, an END
/// without a BEGIN, a `parready:` mark that is neither serial nor safe.
struct SuppressionProblem {
  unsigned line = 0, column = 0;
  std::string text;    ///< the comment as written
  std::string message; ///< what is wrong
};

struct SourceSuppressions {
  std::vector<SuppressionComment> comments;
  std::vector<TestMark> marks;
  std::vector<SuppressionProblem> problems;
};

/// The suppression comments of a C or C++ source text. Only comments count:
/// "NOLINT" in a string literal is text.
SourceSuppressions scanSuppressions(std::string_view text);

} // namespace parready
