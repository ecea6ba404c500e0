#include "catalog/ApiCatalog.h"

#include "facts/Endpoint.h"
#include "facts/JsonLocations.h"
#include "facts/OneLine.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <set>
#include <nlohmann/json.hpp>

namespace parready {

using nlohmann::json;

std::string stripTemplateArguments(const std::string &qualifiedName) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < qualifiedName.size(); ++i) {
    char c = qualifiedName[i];
    // "operator<" / "operator<<" are names, not template argument lists.
    if (c == '<' && out.ends_with("operator")) {
      out += c;
      continue;
    }
    if (c == '<')
      ++depth;
    else if (c == '>' && depth > 0)
      --depth;
    else if (depth == 0)
      out += c;
  }
  return out;
}

/// A mistake in a catalog document, at the JSON pointer of what is wrong.
struct CatalogError : std::runtime_error {
  CatalogError(std::string pointer, const std::string &message)
      : std::runtime_error(message), pointer(std::move(pointer)) {}
  std::string pointer;
};

namespace {

/// The keys a catalog object may have: a misspelt key is an error, never a
/// silently ignored setting (user catalogs in .parready.json above all).
void checkKeys(const json &j, const std::string &pointer, const std::vector<std::string_view> &known) {
  if (!j.is_object())
    throw CatalogError(pointer, "expected an object");
  for (const auto &[key, value] : j.items())
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string message = "unknown key '" + key + "'" + didYouMean(key, known);
      throw CatalogError(pointer + "/" + pointerSegment(key), message);
    }
}

/// The largest operand index a catalog may name: more operands than this
/// is a typo, not a call.
constexpr unsigned MaximumOperand = 31;

/// An operand index: a whole number, the object first for a method.
unsigned operandIndex(const json &j, const char *key, const std::string &pointer) {
  const json &index = j.at(key);
  if (!index.is_number_integer() || index.get<long long>() < 0 || index.get<long long>() > MaximumOperand)
    throw CatalogError(pointer + "/" + key, std::string("'") + key + "' must be an operand index from 0 to " +
                                                std::to_string(MaximumOperand) +
                                                " (for a method, 0 is the object and 1 its first argument)");
  return index.get<unsigned>();
}

/// An operand index the catalog may leave out ("buffer_argument": 0).
std::optional<unsigned> optionalIndex(const json &j, const char *key, const std::string &pointer) {
  return j.contains(key) ? std::optional<unsigned>(operandIndex(j, key, pointer)) : std::nullopt;
}

/// Runs `parse` on each element of the array `doc[key]`, so that an error
/// inside names the element.
template <typename Parse>
void forEach(const json &doc, const char *key, const std::string &pointer, Parse parse,
             std::vector<CatalogError> *collected = nullptr) {
  if (!doc.contains(key))
    return;
  const json &array = doc.at(key);
  std::string arrayPointer = pointer + "/" + key;
  if (!array.is_array())
    throw CatalogError(arrayPointer, std::string("'") + key + "' must be an array");
  for (size_t i = 0; i < array.size(); ++i) {
    std::string elementPointer = arrayPointer + "/" + std::to_string(i);
    try {
      try {
        parse(array[i], elementPointer);
      } catch (const CatalogError &) {
        throw;
      } catch (const json::exception &e) {
        // "[json.exception.type_error.302] type must be string, but is number"
        std::string what = e.what();
        throw CatalogError(elementPointer,
                           what.substr(what.find("] ") == std::string::npos ? 0 : what.find("] ") + 2));
      } catch (const std::exception &e) {
        throw CatalogError(elementPointer, e.what());
      }
    } catch (const CatalogError &error) {
      // A user's file gets every mistake at once, not one per run.
      if (!collected)
        throw;
      collected->push_back(error);
    }
  }
}

ValueRule parseValueRule(const std::string &text) {
  static const std::map<std::string, ValueRule> Names = {
      {"operand0", ValueRule::Operand0}, {"operand1", ValueRule::Operand1},
      {"concat", ValueRule::Concat},     {"join", ValueRule::Join},
      {"constant", ValueRule::Constant}, {"unique", ValueRule::Unique},
      {"env_lookup", ValueRule::EnvLookup},
      {"directory_entry_name", ValueRule::DirectoryEntryName},
      {"parent_path", ValueRule::ParentPath}};
  auto it = Names.find(text);
  if (it == Names.end())
    throw std::runtime_error("unknown value rule '" + text + "'");
  return it->second;
}

ArgumentAccess parseArgumentAccess(const json &j, const std::string &pointer) {
  checkKeys(j, pointer,
            {"argument", "resource", "mode", "mode_from", "mode_argument", "value_from", "list_separator",
             "option_key", "trailing_flags", "option_field", "overwrites"});
  ArgumentAccess access;
  access.argument = operandIndex(j, "argument", pointer);
  if (!parse(j.at("resource").get<std::string>(), access.resource))
    throw std::runtime_error("unknown resource '" + j.at("resource").get<std::string>() + "'");
  std::string modeFrom = j.value("mode_from", "fixed");
  if (modeFrom == "fopen_mode")
    access.modeSource = ModeSource::FopenMode;
  else if (modeFrom == "open_flags")
    access.modeSource = ModeSource::OpenFlags;
  else if (modeFrom != "fixed")
    throw std::runtime_error("unknown mode_from '" + modeFrom + "'");
  if (access.modeSource == ModeSource::Fixed) {
    if (!parse(j.at("mode").get<std::string>(), access.mode))
      throw std::runtime_error("unknown mode '" + j.at("mode").get<std::string>() + "'");
  } else {
    access.modeArgument = operandIndex(j, "mode_argument", pointer);
    if (access.modeArgument == access.argument)
      throw CatalogError(pointer + "/mode_argument", "'mode_argument' names the accessed operand itself");
  }
  std::string valueFrom = j.value("value_from", "operand");
  if (valueFrom != "operand" && valueFrom != "socket_address" && valueFrom != "option_array")
    throw std::runtime_error("unknown value_from '" + valueFrom + "'");
  access.socketAddress = valueFrom == "socket_address";
  if (valueFrom == "option_array") {
    std::string separator = j.value("list_separator", "");
    if (separator.size() > 1)
      throw std::runtime_error("list_separator '" + separator + "' is not one character");
    access.optionArray = OptionLookup{j.at("option_key").get<std::string>(), separator, j.value("trailing_flags", "")};
    access.optionArrayField = j.value("option_field", "");
  }
  access.overwrites = j.value("overwrites", false);
  return access;
}

ShellProgram parseShellProgram(const json &j) {
  static const std::map<std::string, ShellOperands> OperandNames = {
      {"all", ShellOperands::All}, {"last", ShellOperands::Last}, {"all_but_last", ShellOperands::AllButLast}};
  ShellProgram program;
  program.name = j.at("name").get<std::string>();
  program.minimumOperands = j.value("minimum_operands", 1u);
  program.recursiveFlags = j.value("recursive_flags", "");
  for (const json &e : j.at("effects")) {
    ShellEffectSpec effect;
    auto operands = OperandNames.find(e.at("operands").get<std::string>());
    if (operands == OperandNames.end())
      throw std::runtime_error("unknown operands '" + e.at("operands").get<std::string>() + "'");
    effect.operands = operands->second;
    if (!parse(e.at("mode").get<std::string>(), effect.mode))
      throw std::runtime_error("unknown mode '" + e.at("mode").get<std::string>() + "'");
    if (!parse(e.value("resource", "path"), effect.resource))
      throw std::runtime_error("unknown resource '" + e.value("resource", "path") + "'");
    program.effects.push_back(effect);
  }
  return program;
}

/// Nanoseconds per unit of a sleep's operand; "duration": its type says.
const std::map<std::string, uint64_t> SleepUnits{
    {"duration", 0}, {"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}};

SleepSpec parseSleep(const json &j, const std::string &pointer) {
  checkKeys(j, pointer, {"argument", "unit"});
  SleepSpec sleep;
  sleep.argument = optionalIndex(j, "argument", pointer);
  if (!sleep.argument)
    return sleep;
  auto unit = SleepUnits.find(j.at("unit").get<std::string>());
  if (unit == SleepUnits.end())
    throw std::runtime_error("unknown sleep unit '" + j.at("unit").get<std::string>() + "'");
  sleep.unitNanoseconds = unit->second;
  return sleep;
}

ApiEntry parseEntry(const json &j, const std::string &pointer) {
  checkKeys(j, pointer,
            {"name", "accesses", "recursive", "lists_directory", "shell_command_argument", "makes_argument_unique",
             "value", "constant", "assigns", "constructs_object", "buffer_argument", "format_argument",
             "reads_clock", "locks_file", "source_argument", "starts_worker", "waits_for_worker", "sleeps",
             "constructs_element", "singleton"});
  ApiEntry entry;
  entry.name = j.at("name").get<std::string>();
  if (entry.name.empty())
    throw CatalogError(pointer + "/name", "'name' is empty");
  forEach(j, "accesses", pointer,
          [&](const json &a, const std::string &at) { entry.accesses.push_back(parseArgumentAccess(a, at)); });
  entry.recursive = j.value("recursive", false);
  entry.listsDirectory = j.value("lists_directory", false);
  entry.shellCommandArgument = optionalIndex(j, "shell_command_argument", pointer);
  entry.makesArgumentUnique = optionalIndex(j, "makes_argument_unique", pointer);
  if (j.contains("value"))
    entry.value = parseValueRule(j["value"].get<std::string>());
  entry.constant = j.value("constant", "");
  if (entry.value == ValueRule::Constant && entry.constant.empty())
    throw CatalogError(pointer + "/value", "\"value\": \"constant\" needs the \"constant\" it stands for (\"<tmp>\")");
  entry.assigns = j.value("assigns", false);
  entry.constructsObject = j.value("constructs_object", false);
  entry.bufferArgument = optionalIndex(j, "buffer_argument", pointer);
  entry.formatArgument = optionalIndex(j, "format_argument", pointer);
  entry.readsClock = j.value("reads_clock", false);
  entry.locksFile = j.value("locks_file", false);
  entry.sourceArgument = optionalIndex(j, "source_argument", pointer);
  entry.startsWorker = j.value("starts_worker", false);
  entry.waitsForWorker = j.value("waits_for_worker", false);
  entry.constructsElement = j.value("constructs_element", false);
  if (j.contains("sleeps"))
    entry.sleeps = parseSleep(j.at("sleeps"), pointer + "/sleeps");
  entry.singleton = j.value("singleton", false);
  return entry;
}
} // namespace

namespace {
/// "path:line:col: " for the JSON pointer `pointer` of `text`.
std::string locationOf(const std::string &origin, const JsonLocations &locations, const std::string &pointer,
                       bool atKey) {
  TextPosition at = atKey ? locations.key(pointer) : locations.value(pointer);
  return origin + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

/// A JSON syntax error as "path:line:col: error: message".
std::string syntaxError(const std::string &origin, const std::string &text, const json::parse_error &e) {
  return parready::syntaxError(origin, text, e.byte ? e.byte - 1 : 0, e.what());
}
} // namespace

std::string ApiCatalog::loadText(const std::string &text, const std::string &origin) {
  Fingerprint += llvm::utohexstr(llvm::xxh3_64bits(llvm::StringRef(text)));
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error &e) {
    return syntaxError(origin, text, e);
  }
  if (!doc.is_object() || doc.value("schema", "") != "parready-api-catalog/1")
    return origin + ": not a parready API catalog (expected \"schema\": \"parready-api-catalog/1\")";
  JsonLocations locations(text);
  try {
    checkKeys(doc, "",
              {"schema", "description", "apis", "environment_roots", "test_macros", "per_process_paths",
               "address_fields", "address_carriers", "framework_sources", "runner_entry_points", "lifecycle_methods",
               "timing_assertions", "assertions", "global_fixture_bases", "string_like_std_types", "state_resets",
               "duration_units", "shell_programs", "test_directories", "test_file_names", "vendored_directories"});
    loadEntries(doc, "", "");
    loadFrameworksAndLayout(doc);
  } catch (const CatalogError &e) {
    return locationOf(origin, locations, e.pointer, llvm::StringRef(e.what()).starts_with("unknown key")) +
           ": error: " + oneLine(e.what()); // what() may quote the document's values
  } catch (const std::exception &e) {
    return origin + ": " + oneLine(e.what());
  }
  return "";
}

std::vector<std::string> ApiCatalog::loadProjectCatalog(const std::string &text, const std::string &origin,
                                                        const std::string &sectionPointer) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error &e) {
    return {syntaxError(origin, text, e)};
  }
  json::json_pointer pointer(sectionPointer);
  if (!doc.contains(pointer))
    return {};
  const json &section = doc.at(pointer);
  Fingerprint += llvm::utohexstr(llvm::xxh3_64bits(llvm::StringRef(section.dump())));
  JsonLocations locations(text);
  std::vector<CatalogError> mistakes;
  try {
    checkKeys(section, sectionPointer, {"apis", "environment_roots"});
    loadEntries(
        section, sectionPointer, origin,
        [&](const std::string &entryPointer) { return locationOf(origin, locations, entryPointer, false); },
        &mistakes);
  } catch (const CatalogError &e) {
    mistakes.push_back(e);
  }
  std::vector<std::string> errors;
  for (const CatalogError &e : mistakes)
    errors.push_back(locationOf(origin, locations, e.pointer, llvm::StringRef(e.what()).starts_with("unknown key")) +
                     ": error: " + oneLine(e.what()));
  return errors;
}

void ApiCatalog::loadEntries(const json &doc, const std::string &pointer, const std::string &projectOrigin,
                             const std::function<std::string(const std::string &)> &declaredAt,
                             std::vector<CatalogError> *mistakes) {
  forEach(doc, "apis", pointer, [&](const json &j, const std::string &at) {
    ApiEntry entry = parseEntry(j, at);
    if (declaredAt) {
      entry.declaredAt = declaredAt(at);
      // One file may not say two things about one function; a nearer file
      // (loaded later) overrides what a parent declares.
      if (auto earlier = Entries.find(entry.name);
          earlier != Entries.end() && earlier->second.declaredAt.starts_with(projectOrigin + ":"))
        throw CatalogError(at + "/name", "'" + entry.name + "' is declared already at " +
                                             earlier->second.declaredAt + "; declare it once");
    }
    Entries[entry.name] = std::move(entry);
  }, mistakes);
  if (doc.contains("environment_roots")) {
    const json &roots = doc.at("environment_roots");
    if (!roots.is_object())
      throw CatalogError(pointer + "/environment_roots", "'environment_roots' must map variable names to roots");
    for (auto &[name, root] : roots.items()) {
      if (!root.is_string())
        throw CatalogError(pointer + "/environment_roots/" + pointerSegment(name),
                           "a root must be a string such as \"<tmp>\"");
      EnvRoots[name] = root.get<std::string>();
    }
  }
}

void ApiCatalog::loadFrameworksAndLayout(const json &doc) {
  for (const json &j : doc.value("test_macros", json::array())) {
    TestMacro macro;
    macro.name = j.at("name").get<std::string>();
    macro.framework = j.at("framework").get<std::string>();
    macro.definedIn = j.at("defined_in").get<std::string>();
    macro.suiteArgument = optionalIndex(j, "suite_argument", "");
    macro.nameArgument = j.at("name_argument").get<unsigned>();
    Frameworks.macros.push_back(std::move(macro));
  }
  for (const json &j : doc.value("per_process_paths", json::array()))
    PerProcessPaths.push_back(j.get<std::string>());
  for (const json &j : doc.value("address_fields", json::array())) {
    ResourceKind resource;
    if (!parse(j.at("resource").get<std::string>(), resource))
      throw std::runtime_error("unknown resource '" + j.at("resource").get<std::string>() + "'");
    AddressFields.emplace_back(j.at("field").get<std::string>(), resource);
  }
  for (const json &j : doc.value("address_carriers", json::array()))
    AddressCarriers.push_back(j.get<std::string>());
  json sources = doc.value("framework_sources", json::object());
  for (const json &j : sources.value("namespaces", json::array()))
    Frameworks.implementationNamespaces.push_back(j.get<std::string>());
  for (const json &j : sources.value("internal_includes", json::array()))
    Frameworks.implementationIncludes.push_back(j.get<std::string>());
  for (const json &j : doc.value("runner_entry_points", json::array()))
    Frameworks.runnerEntryPoints.push_back({j.at("name").get<std::string>(), j.at("spelled").get<std::string>(),
                                            j.at("framework").get<std::string>()});
  for (const json &j : doc.value("lifecycle_methods", json::array()))
    Frameworks.lifecycleMethods.push_back(j.get<std::string>());
  for (const json &j : doc.value("timing_assertions", json::array())) {
    TimingAssertion assertion{j.at("name").get<std::string>(), j.at("defined_in").get<std::string>(), {},
                              j.value("comparison", false)};
    assertion.boundArgument = optionalIndex(j, "bound_argument", "");
    Frameworks.timingAssertions.push_back(std::move(assertion));
  }
  for (const json &j : doc.value("assertions", json::array()))
    Frameworks.assertions.push_back({j.at("name").get<std::string>(), j.at("defined_in").get<std::string>()});
  for (const json &j : doc.value("global_fixture_bases", json::array()))
    Frameworks.globalFixtureBases.push_back(j.get<std::string>());
  for (const json &j : doc.value("string_like_std_types", json::array()))
    StringLikeStdTypes.push_back(j.get<std::string>());
  for (const json &j : doc.value("state_resets", json::array()))
    StateResets.push_back(j.get<std::string>());
  for (const json &j : doc.value("duration_units", json::array()))
    DurationUnits[j.at("spelling").get<std::string>()] = j.at("seconds").get<double>();
  for (const json &j : doc.value("shell_programs", json::array())) {
    ShellProgram program = parseShellProgram(j);
    ShellPrograms[program.name] = std::move(program);
  }
  for (const json &j : doc.value("test_directories", json::array()))
    Layout.testDirectories.push_back(j.get<std::string>());
  for (const json &j : doc.value("test_file_names", json::array())) {
    std::string pattern = j.get<std::string>();
    // A malformed pattern is the catalog's error, not a silent non-match later.
    if (llvm::Expected<llvm::GlobPattern> glob = llvm::GlobPattern::create(pattern); !glob)
      throw std::runtime_error("bad test_file_names pattern '" + pattern + "': " + llvm::toString(glob.takeError()));
    Layout.testFileNames.push_back(std::move(pattern));
  }
  for (const json &j : doc.value("vendored_directories", json::array()))
    Layout.vendoredDirectories.push_back(j.get<std::string>());
}

std::string ApiCatalog::loadDirectory(const std::string &directory) {
  std::error_code ec;
  std::vector<std::string> files;
  for (llvm::sys::fs::directory_iterator it(directory, ec), end; it != end && !ec; it.increment(ec))
    if (llvm::sys::path::extension(it->path()) == ".json")
      files.push_back(it->path());
  if (ec)
    return directory + ": cannot read API catalogs: " + ec.message();
  std::sort(files.begin(), files.end()); // deterministic override order
  for (const std::string &file : files) {
    auto buffer = llvm::MemoryBuffer::getFile(file);
    if (!buffer)
      return file + ": " + buffer.getError().message();
    if (std::string error = loadText((*buffer)->getBuffer().str(), file); !error.empty())
      return error;
  }
  if (Entries.empty())
    return directory + ": no API catalog found";
  return "";
}

const ApiEntry *ApiCatalog::find(const std::string &qualifiedName) const {
  auto it = Entries.find(qualifiedName);
  return it == Entries.end() ? nullptr : &it->second;
}

bool ApiCatalog::isStringLikeStdType(const std::string &name) const {
  return std::find(StringLikeStdTypes.begin(), StringLikeStdTypes.end(), name) != StringLikeStdTypes.end();
}

bool ApiCatalog::isStateReset(const std::string &methodName) const {
  return std::find(StateResets.begin(), StateResets.end(), methodName) != StateResets.end();
}

std::vector<std::string> ApiCatalog::clockCallSpellings() const {
  std::set<std::string> spellings;
  for (const auto &[name, entry] : Entries)
    if (entry.readsClock)
      spellings.insert(name.substr(name.rfind(':') + 1) + "()");
  return {spellings.begin(), spellings.end()};
}

bool ApiCatalog::isAddressField(const std::string &qualifiedField, ResourceKind resource) const {
  return std::find(AddressFields.begin(), AddressFields.end(), std::make_pair(qualifiedField, resource)) !=
         AddressFields.end();
}

bool ApiCatalog::carriesAddress(const std::string &qualifiedField) const {
  return std::find(AddressCarriers.begin(), AddressCarriers.end(), qualifiedField) != AddressCarriers.end();
}

bool ApiCatalog::isPerProcessPath(const AbstractValue &value) const {
  if (value.kind != ValueKind::Const)
    return false;
  for (const std::string &path : PerProcessPaths)
    if (value.text == path || (value.text.starts_with(path) && value.text[path.size()] == '/'))
      return true;
  return false;
}

bool ApiCatalog::sharesNothing(ResourceKind resource, const AbstractValue &value) const {
  // A sun_path with a leading '\0' is an abstract socket name, no file: its
  // port access (sockets.json) holds it.
  if (resource == ResourceKind::Path)
    return isPerProcessPath(value) || (value.kind == ValueKind::Const && value.text.starts_with('\0'));
  // Port 0, "tcp://*:*", "inproc://x": the system picks a free port, or the
  // endpoint lives inside the process. A malformed endpoint binds nothing.
  if (resource == ResourceKind::Port && value.kind == ValueKind::Const) {
    std::optional<Endpoint> endpoint = parseEndpoint(value.text);
    return !endpoint || endpoint->kind == EndpointKind::Private;
  }
  return false;
}

namespace {
/// A framework macro by name, counted only when defined in its framework's
/// header (a project's own TEST macro is not GoogleTest's).
template <typename Macro>
const Macro *findFrameworkMacro(const std::vector<Macro> &macros, const std::string &name,
                                const std::string &definingFile) {
  for (const Macro &macro : macros)
    if (macro.name == name && definingFile.find(macro.definedIn) != std::string::npos)
      return &macro;
  return nullptr;
}
} // namespace

const TestMacro *ApiCatalog::findMacro(const std::string &name, const std::string &definingFile) const {
  return findFrameworkMacro(Frameworks.macros, name, definingFile);
}

const TimingAssertion *ApiCatalog::findTimingAssertion(const std::string &name,
                                                      const std::string &definingFile) const {
  return findFrameworkMacro(Frameworks.timingAssertions, name, definingFile);
}

const AssertionMacro *ApiCatalog::findAssertion(const std::string &name, const std::string &definingFile) const {
  return findFrameworkMacro(Frameworks.assertions, name, definingFile);
}

} // namespace parready
