// JSON form of the facts model, for caching and merging. Its "schema" is
// TranslationUnitFacts::Schema ("parready-facts/N"), bumped when the JSON changes.
#pragma once

#include "facts/Facts.h"
#include <nlohmann/json_fwd.hpp>

namespace parready {

void to_json(nlohmann::json &, const SourceLocation &);
void from_json(const nlohmann::json &, SourceLocation &);
void to_json(nlohmann::json &, const AbstractValue &);
void from_json(const nlohmann::json &, AbstractValue &);
void to_json(nlohmann::json &, const Access &);
void from_json(const nlohmann::json &, Access &);
void to_json(nlohmann::json &, const CallSite &);
void from_json(const nlohmann::json &, CallSite &);
void to_json(nlohmann::json &, const CallResult &);
void from_json(const nlohmann::json &, CallResult &);
void to_json(nlohmann::json &, const Function &);
void from_json(const nlohmann::json &, Function &);
void to_json(nlohmann::json &, const ClassFacts &);
void from_json(const nlohmann::json &, ClassFacts &);
void to_json(nlohmann::json &, const TestCase &);
void from_json(const nlohmann::json &, TestCase &);
void to_json(nlohmann::json &, const ToolDiagnostic &);
void from_json(const nlohmann::json &, ToolDiagnostic &);
void to_json(nlohmann::json &, const SkippedTestBlock &);
void from_json(const nlohmann::json &, SkippedTestBlock &);
/// Throws nlohmann::json::exception on a schema mismatch.
void to_json(nlohmann::json &, const TranslationUnitFacts &);
void from_json(const nlohmann::json &, TranslationUnitFacts &);

} // namespace parready
