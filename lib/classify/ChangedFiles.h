// --changed-only (docs/usage.md#changed-only): the whole suite is analysed,
// because a conflict is between files, but only the findings a change is
// responsible for are shown and fail the run, as a pre-commit hook needs.
#pragma once

#include "classify/Result.h"

#include <string>
#include <vector>

namespace parready {

/// Marks the findings that are neither in nor caused by `changed` (absolute
/// paths) as outside the change: a finding is in it when its test file, its
/// access, a call of its chain or a partner's access or test file is a
/// changed file. Files with nothing shown are marked too; the summary counts
/// the findings left out.
void limitToChangedFiles(AnalysisResult &result, const std::vector<std::string> &changed);

} // namespace parready
