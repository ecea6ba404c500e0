// Stage 7, report: renderers over one AnalysisResult. None recomputes anything.
#pragma once

#include "classify/Result.h"

#include <string>

namespace parready {

enum class Format { Text, Json };

bool parse(const std::string &, Format &);

struct RenderOptions {
  bool color = false; ///< ANSI colours (terminals only)
};

std::string renderText(const AnalysisResult &result, const RenderOptions &options);
/// The "parready-report/2" contract of design.md, documented in docs/report-format.md.
std::string renderJson(const AnalysisResult &result);
std::string render(Format format, const AnalysisResult &result, const RenderOptions &options);

/// Writes through a temporary file in the same directory and renames it into
/// place, so that no reader ever sees a half-written report. Returns "" or an error.
std::string writeFileAtomically(const std::string &path, const std::string &contents);

} // namespace parready
