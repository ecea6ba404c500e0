#include "classify/ChangedFiles.h"

#include "classify/Classify.h"

#include <algorithm>
#include <map>
#include <set>

namespace parready {

void limitToChangedFiles(AnalysisResult &result, const std::vector<std::string> &changed) {
  std::set<std::string> paths;
  for (const std::string &path : changed)
    paths.insert(relativeTo(path, result.root));
  std::map<std::string, std::string> fileOfTest;
  for (const FileResult &file : result.files)
    for (const TestResult &test : file.tests)
      fileOfTest.emplace(test.name, file.path);
  auto isChanged = [&](const std::string &path) { return paths.count(path) > 0; };
  // A new test that writes what an old one writes makes the old one's finding
  // the change's too: its partner is in a changed file.
  auto causedByChange = [&](const Finding &finding) {
    return isChanged(finding.location.path) ||
           std::any_of(finding.evidence.begin(), finding.evidence.end(),
                       [&](const Evidence &step) { return isChanged(step.location.path); }) ||
           std::any_of(finding.partners.begin(), finding.partners.end(), [&](const std::string &partner) {
             auto file = fileOfTest.find(partner);
             return file != fileOfTest.end() && isChanged(file->second);
           });
  };
  size_t outside = 0;
  for (FileResult &file : result.files) {
    bool fileChanged = isChanged(file.path);
    bool anyShown = false;
    for (Finding &finding : file.findings) {
      finding.outsideChange = !fileChanged && !causedByChange(finding);
      outside += finding.outsideChange;
      anyShown |= !finding.outsideChange;
    }
    for (Finding &finding : file.suppressed)
      finding.outsideChange = !fileChanged && !causedByChange(finding);
    file.outsideChange = !fileChanged && !anyShown;
  }
  result.summary.outsideChange = outside;
  result.changedFiles.emplace(paths.begin(), paths.end());
}

} // namespace parready
