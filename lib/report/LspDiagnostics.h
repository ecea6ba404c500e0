// `parready lsp`'s view of a result (docs/lsp.md): the LSP Diagnostic
// objects of each file, for textDocument/publishDiagnostics.
// https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#diagnostic
#pragma once

#include "classify/Result.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace parready {

/// Every file that has diagnostics, by absolute path, with its array of LSP
/// Diagnostics: one per place, as the text report has one warning per place
/// (the findings a baseline has, and suppressed ones, are left out). A
/// finding is published at its location; when that is outside the file of
/// the test it is in (a helper header), also in the test's file, at the
/// last call of its evidence there. The rule's docs page is linked at
/// result.docsUrl, else as a file:// URI beside `rulesDirectory` (absolute):
/// the editor runs on the machine parready runs on. Positions are 0-based;
/// a character is the column's byte offset, which is exact for the "utf-8"
/// position encoding and for lines that are ASCII up to the position.
std::map<std::string, nlohmann::json> renderLspDiagnostics(const AnalysisResult &result,
                                                           const std::string &rulesDirectory);

/// "file:///a%20b/c.cpp" for the absolute path "/a b/c.cpp".
std::string fileUri(const std::string &absolutePath);

} // namespace parready
