#include "facts/Facts.h"

#include <algorithm>
#include <string_view>

namespace parready {

namespace {
// Precedence when parts of a value combine: a uniquifier anywhere keeps the
// whole value private; otherwise runtime input makes it unknown.
int rank(ValueKind kind) {
  switch (kind) {
  case ValueKind::Const: return 0;
  case ValueKind::Param: return 1;
  case ValueKind::Unknown: return 2;
  case ValueKind::Unique: return 3;
  }
  return 2;
}

ValueKind combine(ValueKind a, ValueKind b) { return rank(a) >= rank(b) ? a : b; }

constexpr std::string_view ParamPrefix = "{param:";
constexpr std::string_view FieldPrefix = "{field:";
constexpr std::string_view GlobalPrefix = "{global:";
constexpr std::string_view UniquePrefix = "{unique:";
constexpr std::string_view ResultPrefix = "{result:";
constexpr std::string_view DirnameMarker = "{dirname}";
constexpr std::string_view ObjectPrefix = "{object:";
constexpr std::string_view OptionPrefix = "{option:";
// Separators no path, port or option text holds: elements of a string array,
// alternatives of one value, a runtime element of an array, and the parts of
// a deferred option lookup.
constexpr char ElementSeparator = '\x1e';
constexpr char AlternativeSeparator = '\x1f';
constexpr std::string_view RuntimeElement = "\x1a";
constexpr char LookupPartSeparator = '\x1d';

std::string dirname(const std::string &path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : slash == 0 ? "/" : path.substr(0, slash);
}

size_t indexOf(std::string_view digits) {
  size_t index = 0;
  for (char digit : digits)
    index = index * 10 + size_t(digit - '0');
  return index;
}

/// A placeholder found in a value's text: which kind, and its name or index.
struct Placeholder {
  std::string_view prefix;
  std::string_view name;
};

/// Walks a value's text in order: the literal runs to `literal`, each of our
/// placeholders (its whole spelling, and {dirname}) to `placeholder`.
void forEachPart(std::string_view text, const std::function<void(std::string_view)> &literal,
                 const std::function<void(const Placeholder &, std::string_view whole)> &placeholder) {
  while (!text.empty()) {
    size_t start = std::string_view::npos;
    std::string_view prefix;
    for (std::string_view candidate : {ParamPrefix, FieldPrefix, GlobalPrefix, ResultPrefix, DirnameMarker, OptionPrefix})
      if (size_t at = text.find(candidate); at < start) {
        start = at;
        prefix = candidate;
      }
    size_t end = start == std::string_view::npos ? start : text.find('}', start);
    if (end == std::string_view::npos) { // no more placeholders of ours
      literal(text);
      return;
    }
    literal(text.substr(0, start));
    std::string_view whole = text.substr(start, end + 1 - start);
    text = text.substr(end + 1);
    std::string_view name = prefix == DirnameMarker ? std::string_view()
                                                    : whole.substr(prefix.size(), whole.size() - prefix.size() - 1);
    placeholder({prefix, name}, whole);
  }
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at = text.find(separator); at != std::string_view::npos; at = text.find(separator, start)) {
    parts.emplace_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

std::string spellLookup(const OptionLookup &lookup) {
  return lookup.key + LookupPartSeparator + lookup.separator + LookupPartSeparator + lookup.trailingFlags;
}

OptionLookup parseLookup(std::string_view spelled) {
  std::vector<std::string> parts = split(spelled, LookupPartSeparator);
  parts.resize(3);
  return {parts[0], parts[1], parts[2]};
}

/// Rebuilds `value` part by part; `fill` gives a placeholder's value, or
/// nullopt to keep it as it is ({dirname} cuts what came before it).
AbstractValue substitute(const AbstractValue &value,
                         const std::function<std::optional<AbstractValue>(const Placeholder &)> &fill) {
  // A value with a uniquifier stays private, but its placeholders are still
  // filled: the fixed directory the private entry lives in is shared, and a
  // test that lists or cleans that directory conflicts with its owner.
  if (value.kind == ValueKind::Const)
    return value;
  if (value.text.find('{') == std::string::npos)
    return value;
  // Unknown values keep their placeholders in the rendering: filling them
  // in can still reveal a uniquifier, which makes the whole value private.
  AbstractValue result = value.kind == ValueKind::Unknown ? AbstractValue::unknown("") : AbstractValue::constant("");
  forEachPart(
      value.text, [&](std::string_view text) { result = concat(result, AbstractValue::constant(std::string(text))); },
      [&](const Placeholder &placeholder, std::string_view whole) {
        if (placeholder.prefix == DirnameMarker) {
          result = parentPath(result);
          return;
        }
        if (placeholder.prefix == OptionPrefix) {
          result = optionValue(result, parseLookup(placeholder.name));
          return;
        }
        std::optional<AbstractValue> filled = fill(placeholder);
        result = concat(result, filled ? *filled : AbstractValue{ValueKind::Param, std::string(whole)});
      });
  if (value.kind == ValueKind::Unique)
    result.kind = ValueKind::Unique;
  return result;
}
} // namespace

bool modifies(AccessMode mode) {
  return mode == AccessMode::Write || mode == AccessMode::Create || mode == AccessMode::Delete;
}

AbstractValue AbstractValue::param(unsigned index) {
  return {ValueKind::Param, std::string(ParamPrefix) + std::to_string(index) + "}"};
}

AbstractValue AbstractValue::unique(const std::string &what) {
  return {ValueKind::Unique, std::string(UniquePrefix) + what + "}"};
}

bool agree(const AbstractValue &a, const AbstractValue &b) {
  return a == b || (a.kind == ValueKind::Unique && b.kind == ValueKind::Unique);
}

AbstractValue concat(const AbstractValue &lhs, const AbstractValue &rhs) {
  return {combine(lhs.kind, rhs.kind), lhs.text + rhs.text};
}

AbstractValue joinPath(const AbstractValue &lhs, const AbstractValue &rhs) {
  // std::filesystem::path semantics: an absolute right-hand side replaces.
  if (rhs.kind == ValueKind::Const && !rhs.text.empty() && rhs.text.front() == '/')
    return rhs;
  if (lhs.text.empty())
    return rhs;
  if (rhs.text.empty() || lhs.text.back() == '/')
    return concat(lhs, rhs);
  return concat(concat(lhs, AbstractValue::constant("/")), rhs);
}

AbstractValue parentPath(const AbstractValue &path) {
  if (path.kind == ValueKind::Const)
    return AbstractValue::constant(dirname(path.text));
  if (path.kind == ValueKind::Param)
    return {ValueKind::Param, path.text + std::string(DirnameMarker)};
  // A private entry's directory is not private: only its last component was
  // made unique, the directory above is whatever it was before (the fixed
  // log directory every test writes its run-<random>.log into).
  size_t slash = path.text.find_last_of('/');
  if (path.kind == ValueKind::Unique && slash != std::string::npos) {
    std::string parent = dirname(path.text);
    if (parent.find(UniquePrefix) != std::string::npos)
      return {ValueKind::Unique, parent};
    return {parent.find('{') == std::string::npos ? ValueKind::Const : ValueKind::Param, parent};
  }
  return path;
}

AbstractValue fieldPlaceholder(const std::string &qualifiedField) {
  return {ValueKind::Param, std::string(FieldPrefix) + qualifiedField + "}"};
}

AbstractValue globalPlaceholder(const std::string &qualifiedName) {
  return {ValueKind::Param, std::string(GlobalPrefix) + qualifiedName + "}"};
}

std::string fixedParentOfUnique(const AbstractValue &value) {
  if (value.kind != ValueKind::Unique)
    return "";
  size_t marker = value.text.find(UniquePrefix);
  if (marker == std::string::npos)
    return "";
  std::string fixed = dirname(value.text.substr(0, marker));
  // Only a directory spelled out completely is shared by name.
  if (fixed.empty() || fixed.find('{') != std::string::npos)
    return "";
  return fixed;
}

AbstractValue stringList(const std::vector<AbstractValue> &elements) {
  AbstractValue list = AbstractValue::constant("");
  for (size_t i = 0; i < elements.size(); ++i) {
    const AbstractValue &element = elements[i];
    // A runtime or private element is text in the list: the list itself
    // stays known, and reading that element gives it back (optionValue).
    AbstractValue part = element.kind == ValueKind::Unknown ? AbstractValue::constant(std::string(RuntimeElement))
                         : element.kind == ValueKind::Unique ? AbstractValue::constant(element.text)
                                                             : element;
    list = concat(list, i == 0 ? part : concat(AbstractValue::constant(std::string(1, ElementSeparator)), part));
  }
  return list;
}

AbstractValue alternatives(const std::vector<AbstractValue> &values) {
  std::vector<AbstractValue> distinct;
  for (const AbstractValue &value : values)
    if (std::find(distinct.begin(), distinct.end(), value) == distinct.end())
      distinct.push_back(value);
  if (distinct.size() == 1)
    return distinct.front();
  AbstractValue result = AbstractValue::constant("");
  for (const AbstractValue &value : distinct) {
    // A choice between a known value and runtime input is runtime input.
    if (value.kind == ValueKind::Unknown || value.kind == ValueKind::Unique)
      return AbstractValue::unknown("one of several values");
    result = result.text.empty() ? value : concat(concat(result, AbstractValue::constant(std::string(1, AlternativeSeparator))), value);
  }
  return result;
}

std::vector<AbstractValue> splitAlternatives(const AbstractValue &value) {
  if (value.kind != ValueKind::Const || value.text.find(AlternativeSeparator) == std::string::npos)
    return {value};
  std::vector<AbstractValue> values;
  for (std::string &part : split(value.text, AlternativeSeparator))
    values.push_back(AbstractValue::constant(std::move(part)));
  return values;
}

AbstractValue optionValue(const AbstractValue &list, const OptionLookup &lookup) {
  if (list.kind == ValueKind::Param)
    return {ValueKind::Param, list.text + std::string(OptionPrefix) + spellLookup(lookup) + "}"};
  if (list.kind != ValueKind::Const)
    return AbstractValue::unknown("option " + lookup.key);
  std::vector<std::string> elements = split(list.text, ElementSeparator);
  // Keys sit at even places, each followed by its value.
  for (size_t i = 0; i + 1 < elements.size(); i += 2) {
    if (elements[i] != lookup.key)
      continue;
    const std::string &element = elements[i + 1];
    if (element == RuntimeElement)
      return AbstractValue::unknown("option " + lookup.key);
    if (element.starts_with(UniquePrefix))
      return {ValueKind::Unique, element};
    std::vector<AbstractValue> items;
    for (const std::string &choice : split(element, AlternativeSeparator))
      for (std::string item : lookup.separator.empty() ? std::vector<std::string>{choice}
                                                       : split(choice, lookup.separator.front())) {
        while (!item.empty() && lookup.trailingFlags.find(item.back()) != std::string::npos)
          item.pop_back();
        if (!item.empty())
          items.push_back(AbstractValue::constant(item));
      }
    return items.empty() ? AbstractValue::constant("") : alternatives(items);
  }
  return AbstractValue::constant("");
}

std::string displayText(const AbstractValue &value) {
  std::string shown;
  forEachPart(
      value.text, [&](std::string_view text) { shown += text; },
      [&](const Placeholder &placeholder, std::string_view) {
        if (placeholder.prefix == DirnameMarker)
          shown += "/..";
        else if (placeholder.prefix == OptionPrefix)
          shown += "[" + parseLookup(placeholder.name).key + "]";
        else if (placeholder.prefix == ParamPrefix)
          shown += "<argument " + std::string(placeholder.name) + ">";
        else
          shown += "<" + std::string(placeholder.name) + ">";
      });
  return shown;
}

namespace {
bool holdsPlaceholder(const AbstractValue &value, std::initializer_list<std::string_view> prefixes) {
  if (value.kind == ValueKind::Const)
    return false;
  bool holds = false;
  forEachPart(
      value.text, [](std::string_view) {},
      [&](const Placeholder &placeholder, std::string_view) {
        holds |= std::find(prefixes.begin(), prefixes.end(), placeholder.prefix) != prefixes.end();
      });
  return holds;
}
} // namespace

bool dependsOnCaller(const AbstractValue &value) { return holdsPlaceholder(value, {ParamPrefix, FieldPrefix}); }

bool dependsOnParameters(const AbstractValue &value) { return holdsPlaceholder(value, {ParamPrefix}); }

AccessMode accessModeOf(ModeOperandKind kind, const AbstractValue &operand) {
  if (operand.kind != ValueKind::Const)
    return AccessMode::Write;
  if (kind == ModeOperandKind::FopenMode)
    return operand.text.find_first_of("wa+") == std::string::npos ? AccessMode::Read : AccessMode::Write;
  // POSIX open(): O_ACCMODE is 3; O_CREAT (0100) and O_TRUNC (01000) write too.
  if (operand.text.empty() || operand.text.find_first_not_of("0123456789") != std::string::npos)
    return AccessMode::Write;
  uint64_t bits = std::stoull(operand.text);
  return (bits & 3) == 0 && (bits & (0100 | 01000)) == 0 ? AccessMode::Read : AccessMode::Write;
}

AbstractValue objectValue(const std::string &classUsr) {
  // Constant: no substitution changes which class an object has.
  return AbstractValue::constant(std::string(ObjectPrefix) + classUsr + "}");
}

std::string objectClass(const AbstractValue &value) {
  const std::string &text = value.text;
  if (value.kind != ValueKind::Const || !text.starts_with(ObjectPrefix) || text.back() != '}' ||
      text.find('}') != text.size() - 1)
    return "";
  return text.substr(ObjectPrefix.size(), text.size() - ObjectPrefix.size() - 1);
}

AbstractValue resultPlaceholder(size_t index) {
  return {ValueKind::Param, std::string(ResultPrefix) + std::to_string(index) + "}"};
}

AbstractValue substituteResults(const AbstractValue &value, const std::function<AbstractValue(size_t)> &resolve) {
  return substitute(value, [&](const Placeholder &placeholder) -> std::optional<AbstractValue> {
    if (placeholder.prefix != ResultPrefix)
      return std::nullopt;
    return resolve(indexOf(placeholder.name));
  });
}

AbstractValue substituteGlobals(const AbstractValue &value,
                                const std::function<std::optional<AbstractValue>(const std::string &)> &resolve) {
  return substitute(value, [&](const Placeholder &placeholder) -> std::optional<AbstractValue> {
    if (placeholder.prefix != GlobalPrefix)
      return std::nullopt;
    return resolve(std::string(placeholder.name));
  });
}

AbstractValue substituteParams(const AbstractValue &value, const std::vector<AbstractValue> &arguments,
                               const ReceiverFields &fields) {
  return substitute(value, [&](const Placeholder &placeholder) -> std::optional<AbstractValue> {
    if (placeholder.prefix == ParamPrefix) {
      size_t index = indexOf(placeholder.name);
      return index < arguments.size() ? arguments[index]
                                      : AbstractValue::unknown("<argument " + std::to_string(index) + ">");
    }
    if (placeholder.prefix == FieldPrefix) {
      auto known = std::find_if(fields.begin(), fields.end(),
                                [&](const auto &entry) { return entry.first == placeholder.name; });
      if (known != fields.end())
        return known->second;
    }
    return std::nullopt;
  });
}

} // namespace parready
