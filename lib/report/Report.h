// Stage 7, report: renderers over one AnalysisResult. None recomputes anything.
#pragma once

#include "classify/Result.h"

#include <string>
#include <string_view>
#include <vector>

namespace parready {

enum class Format { Text, Json, Sarif, Markdown, Ctest, Github };

bool parse(const std::string &, Format &);
/// "text, json, ...": every format name, for help and error messages.
std::string formatNames();

/// One report to write: `--format json=out.json` (a file), or `--format text`
/// (standard output, or the `-o` file).
struct OutputTarget {
  Format format = Format::Text;
  std::string path; ///< "" = standard output
};

/// Reads the `--format` values (`FORMAT` or `FORMAT=FILE`, several allowed);
/// `defaultPath` is `-o` ("" = stdout). No value: text to the default path.
/// At most one report may go to the default path and no file may be named
/// twice. Returns "" or the usage error.
std::string parseOutputTargets(const std::vector<std::string> &values, const std::string &defaultPath,
                               std::vector<OutputTarget> &targets);

struct RenderOptions {
  bool color = false; ///< ANSI colours (terminals only)
};

std::string renderText(const AnalysisResult &result, const RenderOptions &options);
/// The "parready-report/4" contract: docs/report-format.md, docs/report.schema.json.
std::string renderJson(const AnalysisResult &result);
/// SARIF 2.1.0 for GitHub code scanning and SARIF viewers.
std::string renderSarif(const AnalysisResult &result);
/// The readiness report (executive summary, blockers, categories, Mermaid
/// conflict graph, metrics) for CI job summaries and PR comments.
std::string renderMarkdown(const AnalysisResult &result);
/// A CTest script of RESOURCE_LOCK / RUN_SERIAL properties (TEST_INCLUDE_FILES).
std::string renderCtest(const AnalysisResult &result);
/// GitHub Actions workflow commands (::error file=...::message).
std::string renderGithub(const AnalysisResult &result);
/// The report in `format`, always valid UTF-8 (docs/reports.md#encoding):
/// paths, test names and messages may hold any bytes (a directory named in
/// Latin-1), and a byte sequence that is not UTF-8 is shown as U+FFFD in
/// every format. Only the report changes: file operations keep the bytes.
std::string render(Format format, const AnalysisResult &result, const RenderOptions &options);

/// `text` with every byte sequence that is not UTF-8 replaced by U+FFFD.
std::string validUtf8(std::string_view text);

/// The tool's own notes for standard error, a line each:
/// "parready: error: file:line:col: message (what it means for the file)".
std::string renderToolNotes(const AnalysisResult &result);

/// Whether a report can be written to `path`, checked before any analysis:
/// "" or the one-line error (its directory is missing or not writable, it
/// names a directory).
std::string checkWritable(const std::string &path);

/// Writes through a temporary file in the same directory and renames it into
/// place, so that no reader ever sees a half-written report. Returns "" or an error.
std::string writeFileAtomically(const std::string &path, const std::string &contents);

} // namespace parready
