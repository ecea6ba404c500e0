#include "rules/Rules.h"

#include "facts/OneLine.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace parready {

using nlohmann::json;

namespace {
template <typename Enum> Enum parseOrThrow(const json &j, const char *what) {
  Enum value{};
  if (!parse(j.get<std::string>(), value))
    throw std::runtime_error(std::string("unknown ") + what + " '" + j.get<std::string>() + "'");
  return value;
}

template <typename Enum> std::vector<Enum> parseList(const json &j, const char *key, const char *what) {
  std::vector<Enum> values;
  for (const json &item : j.value(key, json::array()))
    values.push_back(parseOrThrow<Enum>(item, what));
  return values;
}

Rule parseRule(const json &j) {
  Rule rule;
  rule.id = j.at("id").get<std::string>();
  rule.title = j.at("title").get<std::string>();
  rule.summary = j.at("summary").get<std::string>();
  rule.verdict = parseOrThrow<Verdict>(j.at("verdict"), "verdict");
  rule.confidence = parseOrThrow<Confidence>(j.value("confidence", json("high")), "confidence");
  // A rule without "match" is reported by the stage that knows its subject
  // (parready-unused-suppression: the suppression comments), never by an access.
  if (!j.contains("match")) {
    rule.message = j.at("message").get<std::string>();
    rule.fix = j.at("fix").get<std::string>();
    rule.docs = j.at("docs").get<std::string>();
    return rule;
  }
  const json &match = j.at("match");
  const json &resource = match.at("resource");
  if (resource.is_array())
    rule.match.resources = parseList<ResourceKind>(match, "resource", "resource");
  else
    rule.match.resources = {parseOrThrow<ResourceKind>(resource, "resource")};
  rule.match.modes = parseList<AccessMode>(match, "modes", "mode");
  rule.match.valueKinds = parseList<ValueKind>(match, "values", "value kind");
  rule.match.pathPrefixes = match.value("path_prefixes", std::vector<std::string>{});
  rule.match.exceptPrefixes = match.value("except_prefixes", std::vector<std::string>{});
  if (match.contains("recursive"))
    rule.match.recursive = match["recursive"].get<bool>();
  if (match.contains("each_entry"))
    rule.match.eachEntry = match["each_entry"].get<bool>();
  rule.match.runners = parseList<Runner>(match, "runners", "runner");
  rule.match.requiresConflict = match.value("requires_conflict", false);
  rule.match.stateLeftByOtherTests = match.value("state_left_by_other_tests", false);
  if (match.contains("sleep_wait"))
    rule.match.sleepWait = match["sleep_wait"].get<bool>();
  if (j.contains("generous_margin_ms"))
    rule.generousMarginMilliseconds = j["generous_margin_ms"].get<uint64_t>();
  rule.message = j.at("message").get<std::string>();
  rule.fix = j.at("fix").get<std::string>();
  for (const json &variant : j.value("fixes", json::array()))
    rule.fixes.push_back({variant.value("apis", std::vector<std::string>{}),
                          parseList<EndpointKind>(variant, "endpoints", "endpoint form"),
                          variant.at("fix").get<std::string>()});
  rule.docs = j.at("docs").get<std::string>();
  if (j.contains("generous_bound_seconds"))
    rule.generousBoundSeconds = j.at("generous_bound_seconds").get<double>();
  return rule;
}

std::string readFile(const std::string &path, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    error = path + ": " + buffer.getError().message();
    return "";
  }
  return (*buffer)->getBuffer().str();
}

template <typename T> bool among(const std::vector<T> &list, const T &value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

bool startsWithAny(const std::string &path, const std::vector<std::string> &prefixes) {
  for (const std::string &prefix : prefixes)
    if (path == prefix || (path.starts_with(prefix) &&
                           (prefix.back() == '/' || path[prefix.size()] == '/')))
      return true;
  return false;
}

bool matches(const RulePredicate &match, const ReachedAccess &reached, Runner runner) {
  const Access &access = reached.access;
  if (match.stateLeftByOtherTests && reached.afterTest)
    return false;
  if (std::find(match.resources.begin(), match.resources.end(), access.resource) == match.resources.end() ||
      !among(match.modes, access.mode) ||
      !among(match.valueKinds, access.value.kind) || !among(match.runners, runner))
    return false;
  if (match.recursive && *match.recursive != access.recursive)
    return false;
  if (match.eachEntry && *match.eachEntry != access.eachEntry)
    return false;
  if (match.sleepWait && *match.sleepWait != reached.sleepWait.has_value())
    return false;
  if (match.pathPrefixes.empty() && match.exceptPrefixes.empty())
    return true;
  std::string path = normalizePath(access.value.text);
  return (match.pathPrefixes.empty() || startsWithAny(path, match.pathPrefixes)) &&
         !startsWithAny(path, match.exceptPrefixes);
}
} // namespace

namespace {
/// Every `<name>.<framework>.<extension>` file of the snippets directory.
std::map<std::string, CodeSnippet> loadSnippets(const std::string &directory, const std::string &name,
                                                std::string &error) {
  std::map<std::string, CodeSnippet> snippets;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(directory, ec), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef file = llvm::sys::path::filename(it->path());
    auto [stem, extension] = file.rsplit('.');
    auto [snippetName, framework] = stem.rsplit('.');
    if (snippetName != name || framework.empty())
      continue;
    std::string code = readFile(it->path(), error);
    if (!error.empty())
      return {};
    snippets[framework.str()] = {extension.str(), code};
  }
  if (snippets.empty())
    error = "snippet '" + name + "' has no file " + directory + "/" + name + ".<framework>.<extension>";
  return snippets;
}
} // namespace

std::string RuleSet::load(const std::string &directory) {
  std::string error;
  std::string registryPath = directory + "/registry.json";
  std::string text = readFile(registryPath, error);
  if (!error.empty())
    return error;
  try {
    json registry = json::parse(text);
    if (registry.value("schema", "") != "parready-rule-registry/1")
      return registryPath + ": expected \"schema\": \"parready-rule-registry/1\"";
    for (const json &id : registry.at("rules")) {
      std::string path = directory + "/" + id.get<std::string>() + ".json";
      std::string ruleText = readFile(path, error);
      if (!error.empty())
        return error;
      if (error = loadRuleText(ruleText, path, directory + "/snippets"); !error.empty())
        return error;
      if (Rules.back().id != id.get<std::string>())
        return path + ": id '" + oneLine(Rules.back().id) + "' does not match its file name";
    }
  } catch (const std::exception &e) {
    return registryPath + ": " + e.what();
  }
  return "";
}

std::string RuleSet::loadRuleText(const std::string &text, const std::string &origin,
                                  const std::string &snippetsDirectory) {
  try {
    json doc = json::parse(text);
    if (!doc.is_object() || doc.value("schema", "") != "parready-rule/1")
      return origin + ": expected \"schema\": \"parready-rule/1\"";
    Rule rule = parseRule(doc);
    if (doc.contains("snippet")) {
      std::string error;
      rule.snippets = loadSnippets(snippetsDirectory, doc["snippet"].get<std::string>(), error);
      if (!error.empty())
        return origin + ": " + error;
    }
    Rules.push_back(std::move(rule));
  } catch (const std::exception &e) {
    return origin + ": " + oneLine(e.what()); // what() may quote the document's values
  }
  return "";
}

std::string Rule::fixFor(const Access &access) const {
  std::optional<Endpoint> endpoint;
  if (access.resource == ResourceKind::Port && access.value.kind == ValueKind::Const)
    endpoint = parseEndpoint(access.value.text);
  for (const FixVariant &variant : fixes) {
    bool endpointFits = variant.endpoints.empty() || (endpoint && among(variant.endpoints, endpoint->kind));
    if (endpointFits && among(variant.apis, access.api))
      return variant.fix;
  }
  return fix;
}

const Rule *findRule(const std::vector<Rule> &rules, const std::string &id) {
  for (const Rule &rule : rules)
    if (rule.id == id)
      return &rule;
  return nullptr;
}

const Rule *RuleSet::find(const std::string &id) const { return findRule(Rules, id); }

std::vector<RuleHit> applyRules(const RuleSet &rules, const LinkedSuite &suite, Runner runner) {
  std::vector<RuleHit> hits;
  for (size_t t = 0; t < suite.tests.size(); ++t) {
    const LinkedTest &test = suite.tests[t];
    for (size_t a = 0; a < test.accesses.size(); ++a) {
      const ReachedAccess &reached = test.accesses[a];
      for (const Rule &rule : rules.rules()) {
        if (!matches(rule.match, reached, runner))
          continue;
        hits.push_back({&rule, t, a, resourceOf(reached.access)});
        break;
      }
    }
  }
  return hits;
}

} // namespace parready
