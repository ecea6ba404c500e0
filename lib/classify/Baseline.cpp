#include "classify/Baseline.h"

#include "facts/JsonLocations.h"
#include "facts/OneLine.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace parready {

using nlohmann::json;

namespace {
constexpr const char *BaselineSchema = "parready-baseline/1";

/// `text` with every path inside the checkout as %SRCROOT%/...: what two
/// checkouts of the same code agree on.
std::string portable(std::string text, const std::string &root) {
  std::string prefix = root.ends_with("/") ? root : root + "/";
  for (size_t at = text.find(prefix); !root.empty() && at != std::string::npos; at = text.find(prefix, at))
    text.replace(at, prefix.size(), "%SRCROOT%/");
  return text;
}

std::string fingerprintBase(const Finding &finding, const std::string &root) {
  std::string identity = portable(finding.rule + "\n" + finding.location.path + "\n" + finding.subject(), root);
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(llvm::xxh3_64bits(identity)));
  return buffer;
}
} // namespace

void assignFingerprints(AnalysisResult &result) {
  // One fingerprint per place (the findings of one place that several tests
  // reach are one SARIF result); GitHub's own "hash:N" shape for repeats.
  std::map<std::tuple<SourceLocation, std::string, std::string, bool>, std::string> byPlace;
  std::map<std::string, unsigned> occurrences;
  for (FileResult &file : result.files)
    for (Finding &finding : file.findings) {
      auto key = std::make_tuple(finding.location, finding.rule, finding.subject(), finding.reviewOnly);
      auto [place, inserted] = byPlace.try_emplace(key);
      if (inserted) {
        std::string base = fingerprintBase(finding, result.root);
        place->second = base + ":" + std::to_string(++occurrences[base]);
      }
      finding.fingerprint = place->second;
    }
}

std::string readBaseline(const std::string &path, Baseline &baseline) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return path + ": cannot read the baseline: " + buffer.getError().message();
  std::string text = (*buffer)->getBuffer().str();
  try {
    json doc = json::parse(text);
    if (doc.is_object() && doc.value("schema", "") == BaselineSchema) {
      for (const json &entry : doc.at("findings"))
        baseline.fingerprints.insert(entry.at("fingerprint").get<std::string>());
      return "";
    }
    if (doc.is_object() && doc.contains("runs")) {
      for (const json &run : doc.at("runs"))
        for (const json &result : run.value("results", json::array()))
          if (result.contains("partialFingerprints"))
            baseline.fingerprints.insert(
                result.at("partialFingerprints").at("primaryLocationLineHash").get<std::string>());
      return "";
    }
    return path + ": not a baseline (expected \"schema\": \"" + BaselineSchema +
           "\" from --write-baseline, or a SARIF log parready wrote)";
  } catch (const json::parse_error &e) {
    return syntaxError(path, text, e.byte ? e.byte - 1 : 0, e.what());
  } catch (const json::exception &e) {
    return path + ": malformed baseline: " + oneLine(e.what());
  }
}

std::string baselineText(const AnalysisResult &result) {
  json findings = json::array();
  std::set<std::string> written;
  for (const FileResult &file : result.files)
    for (const Finding &finding : file.findings)
      if (written.insert(finding.fingerprint).second)
        findings.push_back({{"fingerprint", finding.fingerprint},
                            {"rule", finding.rule},
                            {"path", finding.location.path},
                            {"subject", portable(finding.subject(), result.root)},
                            {"verdict", toString(finding.verdict)}});
  json doc = {{"schema", BaselineSchema}, {"tool", {{"name", "parready"}, {"version", result.toolVersion}}},
              {"findings", findings}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void compareWithBaseline(AnalysisResult &result, const Baseline &baseline) {
  size_t unchanged = 0;
  for (FileResult &file : result.files)
    for (Finding &finding : file.findings) {
      finding.baseline = baseline.fingerprints.count(finding.fingerprint) ? BaselineState::Unchanged
                                                                           : BaselineState::New;
      unchanged += finding.baseline == BaselineState::Unchanged;
    }
  result.summary.baselined = unchanged;
}

} // namespace parready
