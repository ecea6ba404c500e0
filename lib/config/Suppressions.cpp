#include "config/Suppressions.h"

#include "llvm/Support/GlobPattern.h"

#include <algorithm>
#include <cctype>

namespace parready {

namespace {

bool isIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

/// A comment of the text: where its body (after // or /*) starts, and the body.
struct Comment {
  size_t offset;
  std::string_view body;
};

/// The comments of a C or C++ text, skipping string and character literals
/// (raw strings too), so that a "// NOLINT" inside a literal is no comment.
std::vector<Comment> commentsOf(std::string_view text) {
  std::vector<Comment> comments;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      size_t end = text.find('\n', i);
      end = end == std::string_view::npos ? text.size() : end;
      comments.push_back({i + 2, text.substr(i + 2, end - i - 2)});
      i = end;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      end = end == std::string_view::npos ? text.size() : end;
      comments.push_back({i + 2, text.substr(i + 2, end - i - 2)});
      i = std::min(text.size(), end + 2);
    } else if (c == '"' && i > 0 && text[i - 1] == 'R' && (i < 2 || !isIdentifierChar(text[i - 2]) ||
                                                           text[i - 2] == '8' || text[i - 2] == 'u' ||
                                                           text[i - 2] == 'U' || text[i - 2] == 'L')) {
      size_t open = text.find('(', i);
      if (open == std::string_view::npos)
        break;
      std::string close = ")" + std::string(text.substr(i + 1, open - i - 1)) + "\"";
      size_t end = text.find(close, open);
      i = end == std::string_view::npos ? text.size() : end + close.size();
    } else if (c == '"' || (c == '\'' && !(i > 0 && std::isxdigit(static_cast<unsigned char>(text[i - 1]))))) {
      // A ' after a digit is a digit separator (1'000), not a character literal.
      for (++i; i < text.size() && text[i] != c && text[i] != '\n'; ++i)
        if (text[i] == '\\')
          ++i;
      ++i;
    } else {
      ++i;
    }
  }
  return comments;
}

class Scanner {
public:
  explicit Scanner(std::string_view text) : Text(text) {
    LineStarts.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n')
        LineStarts.push_back(i + 1);
  }

  SourceSuppressions scan() {
    for (const Comment &comment : commentsOf(Text)) {
      scanNolint(comment);
      scanMark(comment);
    }
    for (const SuppressionComment &begin : OpenBlocks)
      problem(begin, "it has no matching NOLINTEND" + listOf(begin), begin.rules);
    std::sort(Result.comments.begin(), Result.comments.end(),
              [](const auto &a, const auto &b) { return std::tie(a.line, a.column) < std::tie(b.line, b.column); });
    std::sort(Result.problems.begin(), Result.problems.end(),
              [](const auto &a, const auto &b) { return std::tie(a.line, a.column) < std::tie(b.line, b.column); });
    return std::move(Result);
  }

private:
  std::pair<unsigned, unsigned> position(size_t offset) const {
    auto line = std::upper_bound(LineStarts.begin(), LineStarts.end(), offset) - 1;
    return {unsigned(line - LineStarts.begin()) + 1, unsigned(offset - *line) + 1};
  }

  static std::string listOf(const SuppressionComment &comment) {
    std::string list;
    for (const std::string &rule : comment.rules)
      list += (list.empty() ? "" : ", ") + rule;
    return list.empty() ? "" : "(" + list + ")";
  }

  /// A malformed BEGIN or END is reported when it is about parready's
  /// rules: another tool's are that tool's business.
  void problem(const SuppressionComment &comment, const std::string &message, const std::vector<std::string> &rules) {
    SuppressionComment probe;
    probe.rules = rules;
    if (probe.namesParreadyRules())
      Result.problems.push_back({comment.line, comment.column, comment.text, message});
  }

  void scanNolint(const Comment &comment) {
    std::string_view body = comment.body;
    for (size_t at = body.find("NOLINT"); at != std::string_view::npos; at = body.find("NOLINT", at + 1)) {
      if (at > 0 && isIdentifierChar(body[at - 1]))
        continue;
      SuppressionComment found;
      size_t end = at + 6;
      for (std::string_view suffix : {"NEXTLINE", "BEGIN", "END"})
        if (body.substr(end).starts_with(suffix)) {
          end += suffix.size();
          found.form = suffix == "NEXTLINE" ? SuppressionForm::NextLine : SuppressionForm::Block;
          break;
        }
      if (end < body.size() && isIdentifierChar(body[end]))
        continue;
      bool isEnd = body.substr(at, end - at) == "NOLINTEND";
      // No space before '(': "NOLINT (x)" is a bare NOLINT, as in clang-tidy.
      if (end < body.size() && body[end] == '(') {
        size_t close = body.find(')', end);
        if (close != std::string_view::npos) {
          std::string_view list = body.substr(end + 1, close - end - 1);
          for (size_t from = 0; from <= list.size();) {
            size_t comma = std::min(list.find(',', from), list.size());
            if (std::string_view rule = trimmed(list.substr(from, comma - from)); !rule.empty())
              found.rules.emplace_back(rule);
            from = comma + 1;
          }
          end = close + 1;
        }
      }
      std::tie(found.line, found.column) = position(comment.offset + at);
      found.text = std::string(body.substr(at, end - at));
      // The reason runs to the end of the comment, or to another comment
      // opener on the line ("// NOLINT(x): why // expect: ...").
      std::string_view reason = body.substr(end);
      reason = reason.substr(0, std::min(reason.find("//"), reason.find("NOLINT")));
      while (!reason.empty() && std::string_view(" \t:-").find(reason.front()) != std::string_view::npos)
        reason.remove_prefix(1);
      found.reason = std::string(trimmed(reason));
      found.firstLine = found.lastLine = found.line + (found.form == SuppressionForm::NextLine ? 1 : 0);
      if (found.form != SuppressionForm::Block) {
        Result.comments.push_back(std::move(found));
      } else if (!isEnd) {
        OpenBlocks.push_back(std::move(found));
      } else if (std::none_of(OpenBlocks.begin(), OpenBlocks.end(),
                              [&](const SuppressionComment &begin) { return begin.rules == found.rules; })) {
        problem(found, "it closes no NOLINTBEGIN" + listOf(found), found.rules);
      } else if (OpenBlocks.back().rules != found.rules) {
        // clang-tidy pairs a BEGIN only with an END of the same list.
        problem(found, "it does not close NOLINTBEGIN" + listOf(OpenBlocks.back()) + " of line " +
                           std::to_string(OpenBlocks.back().line) + ": an END names what its BEGIN names",
                found.rules);
      } else {
        SuppressionComment block = std::move(OpenBlocks.back());
        OpenBlocks.pop_back();
        block.lastLine = found.line;
        Result.comments.push_back(std::move(block));
      }
    }
  }

  void scanMark(const Comment &comment) {
    std::string_view body = comment.body;
    size_t start = body.find_first_not_of(" \t");
    if (start == std::string_view::npos || !body.substr(start).starts_with("parready:"))
      return;
    std::string_view rest = trimmed(body.substr(start + 9));
    size_t wordEnd = 0;
    while (wordEnd < rest.size() && isIdentifierChar(rest[wordEnd]))
      ++wordEnd;
    std::string_view word = rest.substr(0, wordEnd);
    std::string_view reason = rest.substr(wordEnd);
    while (!reason.empty() && std::string_view(" \t:-").find(reason.front()) != std::string_view::npos)
      reason.remove_prefix(1);
    reason = trimmed(reason);
    TestMark mark;
    std::tie(mark.line, mark.column) = position(comment.offset + start);
    std::string text = "parready: " + std::string(rest);
    if (word != "serial" && word != "safe") {
      Result.problems.push_back({mark.line, mark.column, text,
                                 "a 'parready:' mark says 'serial' or 'safe <reason>', not '" + std::string(word) + "'"});
      return;
    }
    mark.verdict = word == "serial" ? Verdict::Serial : Verdict::Safe;
    mark.reason = std::string(reason);
    if (mark.verdict == Verdict::Safe && mark.reason.empty()) {
      Result.problems.push_back({mark.line, mark.column, text,
                                 "say why the test is safe after 'parready: safe': the reason appears in the report"});
      return;
    }
    Result.marks.push_back(std::move(mark));
  }

  std::string_view Text;
  std::vector<size_t> LineStarts;
  std::vector<SuppressionComment> OpenBlocks;
  SourceSuppressions Result;
};

} // namespace

bool SuppressionComment::covers(const std::string &rule, unsigned onLine) const {
  if (onLine < firstLine || onLine > lastLine)
    return false;
  if (rules.empty())
    return true;
  return std::any_of(rules.begin(), rules.end(), [&](const std::string &pattern) {
    if (pattern.starts_with("-"))
      return false;
    llvm::Expected<llvm::GlobPattern> glob = llvm::GlobPattern::create(pattern);
    if (!glob) {
      llvm::consumeError(glob.takeError());
      return pattern == rule;
    }
    return glob->match(rule);
  });
}

bool SuppressionComment::namesParreadyRules() const {
  return std::any_of(rules.begin(), rules.end(), [](const std::string &rule) { return rule.starts_with("parready-"); });
}

SourceSuppressions scanSuppressions(std::string_view text) { return Scanner(text).scan(); }

} // namespace parready
