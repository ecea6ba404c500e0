// What the reports say about the whole suite beyond its files: the summary
// with the answer to "can it run in parallel?", the blockers, the lone
// hazards and each file's reasons. Derived once, after the runner plan, so
// that renderers only format (report/Report.h).
#pragma once

#include "classify/Result.h"

namespace parready {

/// Fills result.summary, result.blockers, result.loneHazards and every
/// file's reasons from result.files, result.resources and result.plan.
void summarize(AnalysisResult &result);

} // namespace parready
