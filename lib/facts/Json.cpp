#include "facts/Json.h"

#include "facts/JsonNumbers.h"

#include <nlohmann/json.hpp>

namespace parready {

using nlohmann::json;

namespace {
template <typename Enum> Enum enumFrom(const json &j) {
  Enum value{};
  if (!parse(j.get<std::string>(), value))
    throw json::other_error::create(501, "unknown enum value '" + j.get<std::string>() + "'", &j);
  return value;
}

} // namespace

void to_json(json &j, const SourceLocation &l) {
  j = json{{"path", l.path}, {"line", l.line}, {"column", l.column}};
}
void from_json(const json &j, SourceLocation &l) {
  j.at("path").get_to(l.path);
  l.line = unsignedFrom<unsigned>(j.at("line"));
  l.column = unsignedFrom<unsigned>(j.at("column"));
}

void to_json(json &j, const AbstractValue &v) { j = json{{"kind", toString(v.kind)}, {"text", v.text}}; }
void from_json(const json &j, AbstractValue &v) {
  v.kind = enumFrom<ValueKind>(j.at("kind"));
  j.at("text").get_to(v.text);
}

void to_json(json &j, const Access &a) {
  j = json{{"resource", toString(a.resource)}, {"mode", toString(a.mode)}, {"value", a.value},
           {"location", a.location}, {"api", a.api}, {"recursive", a.recursive},
           {"each_entry", a.eachEntry}, {"overwrites", a.overwrites}};
  if (!a.bound.empty())
    j["bound"] = a.bound;
  if (a.boundSeconds)
    j["bound_seconds"] = *a.boundSeconds;
  if (!a.clockThrough.empty())
    j["clock_through"] = a.clockThrough;
  if (a.modeOperand)
    j["mode_operand"] = {{"kind", toString(a.modeOperandKind)}, {"value", *a.modeOperand}};
}
void from_json(const json &j, Access &a) {
  a.resource = enumFrom<ResourceKind>(j.at("resource"));
  a.mode = enumFrom<AccessMode>(j.at("mode"));
  j.at("value").get_to(a.value);
  j.at("location").get_to(a.location);
  j.at("api").get_to(a.api);
  j.at("recursive").get_to(a.recursive);
  j.at("each_entry").get_to(a.eachEntry);
  j.at("overwrites").get_to(a.overwrites);
  a.bound = j.value("bound", "");
  if (j.contains("bound_seconds"))
    a.boundSeconds = j.at("bound_seconds").get<double>();
  a.clockThrough = j.value("clock_through", std::vector<std::string>{});
  if (j.contains("mode_operand")) {
    a.modeOperandKind = enumFrom<ModeOperandKind>(j.at("mode_operand").at("kind"));
    a.modeOperand = j.at("mode_operand").at("value").get<AbstractValue>();
  }
}

namespace {
json receiverJson(const ReceiverFields &fields) {
  json receiver = json::array();
  for (const auto &[field, value] : fields)
    receiver.push_back({{"field", field}, {"value", value}});
  return receiver;
}
ReceiverFields receiverFrom(const json &j) {
  ReceiverFields fields;
  for (const json &entry : j)
    fields.emplace_back(entry.at("field").get<std::string>(), entry.at("value").get<AbstractValue>());
  return fields;
}
} // namespace

void to_json(json &j, const CallSite &c) {
  json receiver = receiverJson(c.receiver);
  j = json{{"callee_usr", c.calleeUsr}, {"callee", c.calleeName}, {"location", c.location},
           {"arguments", c.arguments}, {"on_this", c.onThis}, {"receiver", receiver},
           {"virtual", c.isVirtual}, {"receiver_object", c.receiverObject}};
  if (c.inLoop)
    j["in_loop"] = true;
}
void from_json(const json &j, CallSite &c) {
  j.at("callee_usr").get_to(c.calleeUsr);
  j.at("callee").get_to(c.calleeName);
  j.at("location").get_to(c.location);
  j.at("arguments").get_to(c.arguments);
  j.at("on_this").get_to(c.onThis);
  j.at("virtual").get_to(c.isVirtual);
  j.at("receiver_object").get_to(c.receiverObject);
  c.receiver = receiverFrom(j.at("receiver"));
  c.inLoop = j.value("in_loop", false);
}

void to_json(json &j, const CallResult &c) {
  j = json{{"callee_usr", c.calleeUsr}, {"rendering", c.rendering}, {"arguments", c.arguments},
           {"receiver", receiverJson(c.receiver)}};
  if (c.outputParameter)
    j["output_parameter"] = *c.outputParameter;
}
void from_json(const json &j, CallResult &c) {
  j.at("callee_usr").get_to(c.calleeUsr);
  j.at("rendering").get_to(c.rendering);
  j.at("arguments").get_to(c.arguments);
  c.receiver = receiverFrom(j.at("receiver"));
  c.outputParameter.reset();
  if (j.contains("output_parameter"))
    c.outputParameter = unsignedFrom<unsigned>(j.at("output_parameter"));
}

void to_json(json &j, const ParameterOutput &o) { j = json{{"parameter", o.parameter}, {"value", o.value}}; }
void from_json(const json &j, ParameterOutput &o) {
  o.parameter = unsignedFrom<unsigned>(j.at("parameter"));
  j.at("value").get_to(o.value);
}

void to_json(json &j, const Assignment &a) {
  j = json{{"target", a.target}, {"value", a.value}, {"location", a.location}};
}
void from_json(const json &j, Assignment &a) {
  j.at("target").get_to(a.target);
  j.at("value").get_to(a.value);
  j.at("location").get_to(a.location);
}

void to_json(json &j, const ConcurrencyEvent &e) {
  j = json{{"kind", toString(e.kind)}, {"location", e.location}, {"api", e.api}};
  if (e.kind == ConcurrencyEventKind::Sleep || e.kind == ConcurrencyEventKind::Delay) {
    j["amount"] = e.amount;
    j["unit_nanoseconds"] = e.unitNanoseconds;
  }
}
void from_json(const json &j, ConcurrencyEvent &e) {
  e.kind = enumFrom<ConcurrencyEventKind>(j.at("kind"));
  j.at("location").get_to(e.location);
  j.at("api").get_to(e.api);
  e.amount = j.value("amount", AbstractValue{});
  e.unitNanoseconds = j.contains("unit_nanoseconds") ? unsignedFrom<uint64_t>(j.at("unit_nanoseconds")) : 0;
}

void to_json(json &j, const Function &f) {
  j = json{{"usr", f.usr}, {"name", f.name}, {"location", f.location},
           {"accesses", f.accesses}, {"calls", f.calls}, {"assignments", f.assignments},
           {"overrides", f.overrides}, {"outputs", f.outputs}, {"translation_unit_local", f.translationUnitLocal}};
  if (f.returnValue)
    j["return_value"] = *f.returnValue;
  if (!f.builtClasses.empty())
    j["built_classes"] = f.builtClasses;
  if (f.returnsClock)
    j["returns_clock"] = true;
  if (!f.returnsClockThrough.empty())
    j["returns_clock_through"] = f.returnsClockThrough;
  if (!f.concurrency.empty())
    j["concurrency"] = f.concurrency;
}
void from_json(const json &j, Function &f) {
  j.at("usr").get_to(f.usr);
  j.at("name").get_to(f.name);
  j.at("location").get_to(f.location);
  j.at("accesses").get_to(f.accesses);
  j.at("calls").get_to(f.calls);
  j.at("assignments").get_to(f.assignments);
  j.at("overrides").get_to(f.overrides);
  j.at("outputs").get_to(f.outputs);
  j.at("translation_unit_local").get_to(f.translationUnitLocal);
  f.builtClasses = j.value("built_classes", std::vector<std::string>{});
  f.returnsClock = j.value("returns_clock", false);
  f.returnsClockThrough = j.value("returns_clock_through", std::vector<std::string>{});
  f.concurrency = j.value("concurrency", std::vector<ConcurrencyEvent>{});
  f.returnValue.reset();
  if (j.contains("return_value"))
    f.returnValue = j.at("return_value").get<AbstractValue>();
}

void to_json(json &j, const ClassFacts &c) {
  json overriders = json::array();
  for (const auto &[method, overrider] : c.finalOverriders)
    overriders.push_back({{"method", method}, {"overrider", overrider}});
  j = json{{"usr", c.usr}, {"name", c.name}, {"final_overriders", overriders}};
}
void from_json(const json &j, ClassFacts &c) {
  j.at("usr").get_to(c.usr);
  j.at("name").get_to(c.name);
  c.finalOverriders.clear();
  for (const json &entry : j.at("final_overriders"))
    c.finalOverriders.emplace_back(entry.at("method").get<std::string>(), entry.at("overrider").get<std::string>());
}

void to_json(json &j, const TestCase &t) {
  j = json{{"framework", t.framework}, {"suite", t.suite}, {"name", t.name},
           {"location", t.location}, {"body_usr", t.bodyUsr}, {"fixture_usrs", t.fixtureUsrs}};
}
void from_json(const json &j, TestCase &t) {
  j.at("framework").get_to(t.framework);
  j.at("suite").get_to(t.suite);
  j.at("name").get_to(t.name);
  j.at("location").get_to(t.location);
  j.at("body_usr").get_to(t.bodyUsr);
  j.at("fixture_usrs").get_to(t.fixtureUsrs);
}

void to_json(json &j, const ToolDiagnostic &d) {
  j = json{{"severity", d.severity}, {"message", d.message}, {"location", d.location}, {"file", d.file}};
}
void from_json(const json &j, ToolDiagnostic &d) {
  j.at("severity").get_to(d.severity);
  j.at("message").get_to(d.message);
  j.at("location").get_to(d.location);
  j.at("file").get_to(d.file);
}

void to_json(json &j, const SkippedTestBlock &b) {
  j = json{{"directive_line", b.directiveLine}, {"directive", b.directive}, {"test_macro_line", b.testMacroLine}};
}
void from_json(const json &j, SkippedTestBlock &b) {
  b.directiveLine = unsignedFrom<unsigned>(j.at("directive_line"));
  j.at("directive").get_to(b.directive);
  b.testMacroLine = unsignedFrom<unsigned>(j.at("test_macro_line"));
}

void to_json(json &j, const TranslationUnitFacts &f) {
  json initialValues = json::array();
  for (const auto &[target, value] : f.initialValues)
    initialValues.push_back({{"target", target}, {"value", value}});
  j = json{{"schema", TranslationUnitFacts::Schema}, {"main_file", f.mainFile},
           {"included_files", f.includedFiles}, {"parsed_cleanly", f.parsedCleanly}, {"incomplete_cause", toString(f.incompleteCause)},
           {"skipped_test_blocks", f.skippedTestBlocks}, {"tests", f.tests},
           {"functions", f.functions}, {"initial_values", initialValues}, {"call_results", f.callResults},
           {"classes", f.classes}, {"diagnostics", f.diagnostics}};
}
void from_json(const json &j, TranslationUnitFacts &f) {
  if (j.at("schema").get<std::string>() != TranslationUnitFacts::Schema)
    throw json::other_error::create(502, "unsupported facts schema", &j);
  j.at("main_file").get_to(f.mainFile);
  j.at("included_files").get_to(f.includedFiles);
  j.at("parsed_cleanly").get_to(f.parsedCleanly);
  f.incompleteCause = enumFrom<IncompleteCause>(j.at("incomplete_cause"));
  j.at("skipped_test_blocks").get_to(f.skippedTestBlocks);
  j.at("tests").get_to(f.tests);
  j.at("functions").get_to(f.functions);
  f.initialValues.clear();
  for (const json &entry : j.at("initial_values"))
    f.initialValues.emplace_back(entry.at("target").get<std::string>(), entry.at("value").get<AbstractValue>());
  j.at("call_results").get_to(f.callResults);
  j.at("classes").get_to(f.classes);
  j.at("diagnostics").get_to(f.diagnostics);
}

} // namespace parready
