// Shared preambles: most test files begin with the same heavy includes
// (<gtest/gtest.h>, <string>, a project's "test_util.h") under the same
// flags. Those includes are parsed once per run into a precompiled header,
// and each file that begins with them is parsed from the PCH on: the
// compiler skips the file's first bytes (the include lines and the comments
// between them) and reads the PCH in their place, which is what those bytes
// would have produced.
// Facts are the same with and without (docs/cache.md#shared-preambles).
// Clang-free on purpose, like Extract.h.
#pragma once

#include "extract/Extract.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace parready {

/// One of the includes a main file begins with, and where its line ends.
struct LeadingInclude {
  std::string spelling; ///< `<gtest/gtest.h>`, or `"/abs/dir/test_util.h"` for a quoted one beside the file
  unsigned bytes = 0;   ///< the main file's bytes up to and including the include line's newline
};

/// The includes the main file begins with: each alone on its line (a
/// comment may follow), with nothing but comments and blank lines before
/// and between them; the first other line ends them. A quoted include
/// counts only when the file beside the main file exists (it is then spelled
/// by its absolute path, as the PCH's header must find it) and ends them otherwise.
std::vector<LeadingInclude> leadingIncludes(const std::string &text, const std::string &mainFile);

class SharedPreambles {
public:
  /// PCHs and their headers are temporary files, removed with this object
  /// or when a signal ends the run.
  explicit SharedPreambles(ExtractOptions options);
  ~SharedPreambles();
  SharedPreambles(const SharedPreambles &) = delete;
  SharedPreambles &operator=(const SharedPreambles &) = delete;

  /// The TUs about to be parsed. Each gets the longest run of its leading
  /// includes that at least MinSharers of them begin with under the same
  /// flags (fewer would not repay the PCH's own parse), and at least half of
  /// those that begin with its first include.
  void plan(const std::vector<CompileJob> &jobs);

  /// The preamble `job` may be parsed with, built on first use. Nothing
  /// when none was planned for it, when its PCH did not build cleanly, or
  /// while another thread is still building it: a TU parsed from scratch
  /// meanwhile costs less than waiting.
  std::optional<PreambleUse> preambleFor(const CompileJob &job);

  static constexpr unsigned MinSharers = 3;

  unsigned built() const;

private:
  struct Candidate {
    std::string flagsKey; ///< flags, directory and language: what TUs sharing a PCH must agree on
    std::vector<LeadingInclude> includes;
    std::vector<std::string> headerCommand; ///< the command that builds the PCH, without header and output
    bool isC = false;
    /// The key of the PCH of the first `count` includes.
    std::string keyOf(size_t count) const;
  };
  std::optional<Candidate> candidateFor(const CompileJob &job) const;
  std::optional<PreambleUse> build(const Candidate &candidate, size_t count, const std::string &directory);

  /// A new temporary file "parready-preamble-XXXXXX<suffix>", to be removed
  /// with this object or on a signal; "" when none can be made.
  std::string temporaryFile(const char *suffix);

  ExtractOptions Options;
  mutable std::mutex Mutex;
  std::vector<std::string> TemporaryFiles;
  std::map<std::string, size_t> Planned; ///< main file -> how many of its leading includes its PCH holds
  /// By PCH key; an entry without a value is being built.
  std::map<std::string, std::optional<std::optional<PreambleUse>>> Preambles;
};

} // namespace parready
