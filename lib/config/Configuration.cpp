#include "config/Configuration.h"

#include "facts/JsonLocations.h"
#include "facts/OneLine.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

namespace parready {

using nlohmann::json;

namespace {

bool globMatches(const std::string &pattern, const std::string &text) {
  llvm::Expected<llvm::GlobPattern> glob = llvm::GlobPattern::create(pattern);
  if (!glob) {
    llvm::consumeError(glob.takeError());
    return false;
  }
  return glob->match(text);
}

bool isGlob(const std::string &pattern) { return pattern.find_first_of("*?[") != std::string::npos; }

/// Reads one file's keys, collecting every mistake with its position.
class FileChecker {
public:
  FileChecker(ConfigurationFile &file, const RuleSet &rules, std::vector<std::string> &errors)
      : File(file), Rules(rules), Errors(errors), Where(file.text) {}

  void check(const json &doc) {
    if (!doc.is_object()) {
      error("", "a configuration is a JSON object ({\"rules\": {...}, ...})");
      return;
    }
    static const std::vector<std::string_view> Keys = {"$schema", "description", "inherit", "catalog", "rules",
                                                       "tests", "runner", "fail_on", "follow_library"};
    for (const auto &[key, value] : doc.items()) {
      std::string pointer = "/" + pointerSegment(key);
      if (std::find(Keys.begin(), Keys.end(), key) == Keys.end())
        error(pointer, "unknown key '" + key + "'" + didYouMean(key, Keys), true);
      else if (key == "inherit")
        File.inherit = boolean(value, pointer).value_or(false);
      else if (key == "rules")
        readRules(value, pointer);
      else if (key == "tests")
        readTests(value, pointer);
      else if (key == "catalog")
        readCatalog();
      else if (key == "runner")
        readRunner(value, pointer);
      else if (key == "fail_on")
        readFailOn(value, pointer);
      else if (key == "follow_library")
        File.followLibrary = boolean(value, pointer);
      else if (!value.is_string()) // $schema, description
        error(pointer, "'" + key + "' must be a string");
      if (key == "runner" || key == "fail_on" || key == "follow_library")
        File.declaredAt[key] = at(pointer, true);
    }
  }

private:
  std::string at(const std::string &pointer, bool atKey = false) const {
    TextPosition position = atKey ? Where.key(pointer) : Where.value(pointer);
    return File.path + ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
  }
  void error(const std::string &pointer, const std::string &message, bool atKey = false) {
    Errors.push_back(at(pointer, atKey) + ": error: " + oneLine(message));
  }
  std::optional<bool> boolean(const json &value, const std::string &pointer) {
    if (value.is_boolean())
      return value.get<bool>();
    error(pointer, "expected true or false");
    return std::nullopt;
  }
  /// A string among `allowed`, else an error naming them.
  std::optional<std::string> oneOf(const json &value, const std::string &pointer,
                                   const std::vector<std::string_view> &allowed) {
    std::string list;
    for (size_t i = 0; i < allowed.size(); ++i)
      list += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + std::string(allowed[i]);
    if (!value.is_string()) {
      error(pointer, "expected " + list);
      return std::nullopt;
    }
    std::string text = value.get<std::string>();
    if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
      error(pointer, "'" + text + "': expected " + list + didYouMean(text, allowed));
      return std::nullopt;
    }
    return text;
  }

  void readRules(const json &rules, const std::string &pointer) {
    if (!rules.is_object()) {
      error(pointer, "'rules' maps rule ids to on, off, fixable or serial");
      return;
    }
    std::vector<std::string_view> ids;
    for (const Rule &rule : Rules.rules())
      ids.push_back(rule.id);
    for (const auto &[pattern, value] : rules.items()) {
      std::string member = pointer + "/" + pointerSegment(pattern);
      std::optional<std::string> setting = oneOf(value, member, {"on", "off", "fixable", "serial"});
      bool known = isGlob(pattern) ? std::any_of(ids.begin(), ids.end(),
                                                 [&](std::string_view id) { return globMatches(pattern, std::string(id)); })
                                   : std::find(ids.begin(), ids.end(), pattern) != ids.end();
      if (!known) {
        error(member,
              isGlob(pattern) ? "'" + pattern + "' matches no rule (parready --list-rules lists them)"
                              : "unknown rule '" + pattern + "'" + didYouMean(pattern, ids) +
                                    "; parready --list-rules lists them",
              true);
        continue;
      }
      if (!setting)
        continue;
      RuleSetting parsed;
      parse(*setting, parsed);
      File.rules.push_back({pattern, parsed, at(member, true)});
    }
    // An exact id wins over a glob, a longer glob over a shorter one: the
    // more specific entry says what the user meant for that rule.
    std::stable_sort(File.rules.begin(), File.rules.end(), [](const auto &a, const auto &b) {
      return std::make_pair(isGlob(a.pattern), -long(a.pattern.size())) <
             std::make_pair(isGlob(b.pattern), -long(b.pattern.size()));
    });
  }

  void readTests(const json &tests, const std::string &pointer) {
    if (!tests.is_array()) {
      error(pointer, "'tests' is an array of {\"name\": GLOB, \"verdict\": \"serial\" or \"safe\", \"reason\": TEXT}");
      return;
    }
    static const std::vector<std::string_view> Keys = {"name", "verdict", "reason"};
    for (size_t i = 0; i < tests.size(); ++i) {
      const json &entry = tests[i];
      std::string element = pointer + "/" + std::to_string(i);
      if (!entry.is_object()) {
        error(element, "expected {\"name\": GLOB, \"verdict\": \"serial\" or \"safe\", \"reason\": TEXT}");
        continue;
      }
      bool complete = true;
      for (const auto &[key, value] : entry.items())
        if (std::find(Keys.begin(), Keys.end(), key) == Keys.end()) {
          error(element + "/" + pointerSegment(key), "unknown key '" + key + "'" + didYouMean(key, Keys), true);
          complete = false;
        }
      for (std::string_view key : Keys)
        if (!entry.contains(key)) {
          error(element, "a test declaration needs \"" + std::string(key) + "\"");
          complete = false;
        }
      if (!complete)
        continue;
      TestDeclaration declaration;
      declaration.declaredAt = at(element);
      if (!entry["name"].is_string() || entry["name"].get<std::string>().empty()) {
        error(element + "/name", "'name' is a glob over full test names (\"Suite.*\")");
        continue;
      }
      declaration.pattern = entry["name"].get<std::string>();
      if (llvm::Expected<llvm::GlobPattern> glob = llvm::GlobPattern::create(declaration.pattern); !glob) {
        error(element + "/name", "bad glob '" + declaration.pattern + "': " + llvm::toString(glob.takeError()));
        continue;
      }
      std::optional<std::string> verdict = oneOf(entry["verdict"], element + "/verdict", {"serial", "safe"});
      if (!entry["reason"].is_string() || entry["reason"].get<std::string>().empty()) {
        error(element + "/reason", "say why in 'reason': it appears in the report");
        continue;
      }
      if (!verdict)
        continue;
      parse(*verdict, declaration.verdict);
      declaration.reason = entry["reason"].get<std::string>();
      File.tests.push_back(std::move(declaration));
    }
  }

  /// Checked by the catalog's own reader, on a scratch catalog: the run
  /// adds it to the real one once every file is known (addCatalogs).
  void readCatalog() {
    File.hasCatalog = true;
    ApiCatalog scratch;
    for (std::string &problem : scratch.loadProjectCatalog(File.text, File.path, "/catalog"))
      Errors.push_back(std::move(problem));
  }

  void readRunner(const json &value, const std::string &pointer) {
    if (std::optional<std::string> runner = oneOf(value, pointer, {"ctest", "threads", "bazel"})) {
      Runner parsed;
      parse(*runner, parsed);
      File.runner = parsed;
    }
  }

  void readFailOn(const json &value, const std::string &pointer) {
    File.failOn = oneOf(value, pointer, {"fixable", "serial", "never"});
  }

  ConfigurationFile &File;
  const RuleSet &Rules;
  std::vector<std::string> &Errors;
  JsonLocations Where;
};

std::string absolute(const std::string &path) {
  llvm::SmallString<256> absolutePath(path);
  llvm::sys::fs::make_absolute(absolutePath);
  llvm::sys::path::remove_dots(absolutePath, true);
  return std::string(absolutePath);
}

template <typename T, typename Get>
std::optional<T> nearestSetting(const std::vector<const ConfigurationFile *> &chain, Get get) {
  for (const ConfigurationFile *file : chain)
    if (std::optional<T> value = get(*file))
      return value;
  return std::nullopt;
}

} // namespace

std::pair<RuleSetting, std::string> EffectiveConfiguration::rule(const std::string &id) const {
  for (const ConfigurationFile *file : chain)
    for (const ConfigurationFile::RuleEntry &entry : file->rules)
      if (entry.pattern == id || (isGlob(entry.pattern) && globMatches(entry.pattern, id)))
        return {entry.setting, entry.declaredAt};
  return {RuleSetting::On, ""};
}

const TestDeclaration *EffectiveConfiguration::test(const std::string &fullName) const {
  for (const ConfigurationFile *file : chain)
    for (const TestDeclaration &declaration : file->tests)
      if (globMatches(declaration.pattern, fullName))
        return &declaration;
  return nullptr;
}

std::optional<Runner> EffectiveConfiguration::runner() const {
  return nearestSetting<Runner>(chain, [](const ConfigurationFile &file) { return file.runner; });
}
std::optional<std::string> EffectiveConfiguration::failOn() const {
  return nearestSetting<std::string>(chain, [](const ConfigurationFile &file) { return file.failOn; });
}
std::optional<bool> EffectiveConfiguration::followLibrary() const {
  return nearestSetting<bool>(chain, [](const ConfigurationFile &file) { return file.followLibrary; });
}

Configurations::Configurations(const RuleSet &rules, std::string explicitFile)
    : Rules(rules), ExplicitFile(explicitFile.empty() ? "" : absolute(explicitFile)) {
  if (!ExplicitFile.empty() && !llvm::sys::fs::is_regular_file(ExplicitFile))
    Errors.push_back(ExplicitFile + ": error: cannot read the configuration: " +
                     (llvm::sys::fs::exists(ExplicitFile) ? "not a file" : "no such file"));
}

Configurations::~Configurations() = default;

std::unique_ptr<ConfigurationFile> Configurations::read(const std::string &path) {
  auto file = std::make_unique<ConfigurationFile>();
  file->path = path;
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    Errors.push_back(path + ": error: cannot read the configuration: " + buffer.getError().message());
    return file;
  }
  file->text = (*buffer)->getBuffer().str();
  json doc;
  try {
    doc = json::parse(file->text);
  } catch (const json::parse_error &e) {
    Errors.push_back(syntaxError(path, file->text, e.byte ? e.byte - 1 : 0, e.what()));
    return file;
  }
  size_t first = Errors.size();
  FileChecker(*file, Rules, Errors).check(doc);
  // In the order of the file, as a compiler lists its errors.
  auto position = [&](const std::string &error) {
    unsigned line = 0, column = 0;
    std::sscanf(error.c_str() + path.size(), ":%u:%u", &line, &column);
    return std::make_pair(line, column);
  };
  std::stable_sort(Errors.begin() + first, Errors.end(),
                   [&](const std::string &a, const std::string &b) { return position(a) < position(b); });
  return file;
}

const ConfigurationFile *Configurations::fileIn(const std::string &directory) {
  auto [entry, inserted] = Files.try_emplace(directory);
  if (inserted) {
    llvm::SmallString<256> path(directory);
    llvm::sys::path::append(path, ConfigurationFileName);
    if (llvm::sys::fs::exists(path))
      entry->second = read(std::string(path));
  }
  return entry->second.get();
}

const ConfigurationFile *Configurations::nearest(const std::string &directory) {
  if (auto known = NearestIn.find(directory); known != NearestIn.end())
    return known->second;
  const ConfigurationFile *found = fileIn(directory);
  std::string parent = llvm::sys::path::parent_path(directory).str();
  if (!found && !parent.empty() && parent != directory)
    found = nearest(parent);
  NearestIn[directory] = found;
  return found;
}

const EffectiveConfiguration &Configurations::chainFrom(const ConfigurationFile *first) {
  auto [entry, inserted] = Chains.try_emplace(first);
  if (inserted)
    for (const ConfigurationFile *file = first; file;) {
      entry->second.chain.push_back(file);
      if (!file->inherit)
        break;
      std::string above = llvm::sys::path::parent_path(llvm::sys::path::parent_path(file->path)).str();
      const ConfigurationFile *parent = above.empty() || above == llvm::sys::path::parent_path(file->path)
                                            ? nullptr
                                            : nearest(above);
      file = parent;
    }
  return entry->second;
}

const EffectiveConfiguration &Configurations::forDirectory(const std::string &directory) {
  if (!ExplicitFile.empty()) {
    // Reported once, by the constructor.
    if (!llvm::sys::fs::is_regular_file(ExplicitFile))
      return chainFrom(nullptr);
    std::string parent = llvm::sys::path::parent_path(ExplicitFile).str();
    // Read once, whether it is also the file discovery would find or not.
    if (llvm::sys::path::filename(ExplicitFile) == ConfigurationFileName)
      return chainFrom(fileIn(parent));
    auto [entry, inserted] = Files.try_emplace(parent + "\n" + ExplicitFile);
    if (inserted)
      entry->second = read(ExplicitFile);
    return chainFrom(entry->second.get());
  }
  return chainFrom(nearest(absolute(directory)));
}

const EffectiveConfiguration &Configurations::forFile(const std::string &path) {
  return forDirectory(llvm::sys::path::parent_path(absolute(path)).str());
}

std::vector<const ConfigurationFile *> Configurations::files() const {
  std::vector<const ConfigurationFile *> files;
  for (const auto &[directory, file] : Files)
    if (file)
      files.push_back(file.get());
  std::sort(files.begin(), files.end(),
            [](const ConfigurationFile *a, const ConfigurationFile *b) { return a->path < b->path; });
  return files;
}

void Configurations::addCatalogs(const EffectiveConfiguration &configuration, ApiCatalog &catalog) {
  for (auto file = configuration.chain.rbegin(); file != configuration.chain.rend(); ++file)
    if ((*file)->hasCatalog)
      for (std::string &problem : catalog.loadProjectCatalog((*file)->text, (*file)->path, "/catalog"))
        Errors.push_back(std::move(problem));
}

std::vector<std::string> Configurations::ignoredRunKeys(const EffectiveConfiguration &run) const {
  std::vector<std::string> warnings;
  std::string runFile = run.chain.empty() ? "none applies there" : run.chain.front()->path;
  for (const ConfigurationFile *file : files()) {
    if (std::find(run.chain.begin(), run.chain.end(), file) != run.chain.end())
      continue;
    for (const auto &[key, where] : file->declaredAt)
      warnings.push_back(where + ": warning: '" + key +
                         "' applies to a whole run, and this run takes it from the working directory's "
                         "configuration (" + runFile + "), not from this file");
  }
  return warnings;
}

std::string Configurations::dump(const std::string &path) {
  const EffectiveConfiguration &effective = forFile(path);
  json out = json::object();
  out["file"] = absolute(path);
  json files = json::array();
  for (const ConfigurationFile *file : effective.chain)
    files.push_back(file->path);
  out["configuration_files"] = files;
  json rules = json::object();
  for (const Rule &rule : Rules.rules()) {
    auto [setting, declaredAt] = effective.rule(rule.id);
    json entry = {{"setting", toString(setting)},
                  {"verdict", setting == RuleSetting::Off      ? "none"
                              : setting == RuleSetting::On     ? toString(rule.verdict)
                              : setting == RuleSetting::Serial ? "serial"
                                                               : "fixable"}};
    if (!declaredAt.empty())
      entry["declared_at"] = declaredAt;
    rules[rule.id] = entry;
  }
  out["rules"] = rules;
  json tests = json::array();
  for (const ConfigurationFile *file : effective.chain)
    for (const TestDeclaration &declaration : file->tests)
      tests.push_back({{"name", declaration.pattern},
                       {"verdict", toString(declaration.verdict)},
                       {"reason", declaration.reason},
                       {"declared_at", declaration.declaredAt}});
  out["tests"] = tests;
  json apis = json::array();
  for (const ConfigurationFile *file : effective.chain)
    if (file->hasCatalog)
      try {
        json doc = json::parse(file->text);
        JsonLocations where(file->text);
        const json &declared = doc["catalog"].value("apis", json::array());
        for (size_t i = 0; i < declared.size(); ++i) {
          json entry = declared[i];
          TextPosition position = where.value("/catalog/apis/" + std::to_string(i));
          entry["declared_at"] = file->path + ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
          apis.push_back(entry);
        }
      } catch (const json::exception &) {
        // Its error is in errors(); the dump shows what could be read.
      }
  out["catalog"] = {{"apis", apis}};
  out["runner"] = toString(effective.runner().value_or(Runner::Ctest));
  out["fail_on"] = effective.failOn().value_or("fixable");
  out["follow_library"] = effective.followLibrary().value_or(true);
  return out.dump(2) + "\n";
}

} // namespace parready
