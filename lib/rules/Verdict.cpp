#include "rules/Verdict.h"

#include "facts/EnumNames.h"

namespace parready {

namespace {
constexpr EnumNames<Verdict, 3> VerdictNames{
    {{{Verdict::Safe, "safe"}, {Verdict::Fixable, "fixable"}, {Verdict::Serial, "serial"}}}};
constexpr EnumNames<Runner, 3> RunnerNames{
    {{{Runner::Ctest, "ctest"}, {Runner::Threads, "threads"}, {Runner::Bazel, "bazel"}}}};
constexpr EnumNames<Confidence, 2> ConfidenceNames{{{{Confidence::Low, "low"}, {Confidence::High, "high"}}}};
} // namespace

const char *toString(Verdict v) { return VerdictNames.toString(v); }
const char *toString(Runner v) { return RunnerNames.toString(v); }
const char *toString(Confidence v) { return ConfidenceNames.toString(v); }
bool parse(const std::string &s, Verdict &v) { return VerdictNames.parse(s, v); }
bool parse(const std::string &s, Runner &v) { return RunnerNames.parse(s, v); }
bool parse(const std::string &s, Confidence &v) { return ConfidenceNames.parse(s, v); }

} // namespace parready
