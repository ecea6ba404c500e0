// The runner configuration (RunnerPlan in Result.h), derived from the
// classified findings: the last step of classify.
#pragma once

#include "classify/Result.h"

#include <string>
#include <vector>

namespace parready {

/// Fills result.plan from the result's findings and test verdicts.
void planRunner(AnalysisResult &result);

} // namespace parready
