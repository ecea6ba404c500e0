#include "facts/Facts.h"

#include <algorithm>
#include <array>
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
constexpr std::string_view DirnameMarker = "{dirname}";

std::string dirname(const std::string &path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : slash == 0 ? "/" : path.substr(0, slash);
}
} // namespace

AbstractValue AbstractValue::param(unsigned index) {
  return {ValueKind::Param, std::string(ParamPrefix) + std::to_string(index) + "}"};
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
  return path;
}

AbstractValue fieldPlaceholder(const std::string &qualifiedField) {
  return {ValueKind::Param, std::string(FieldPrefix) + qualifiedField + "}"};
}

AbstractValue substituteParams(const AbstractValue &value, const std::vector<AbstractValue> &arguments,
                               const ReceiverFields &fields) {
  // Unknown values keep their placeholders in the rendering: filling them
  // in can still reveal a uniquifier, which makes the whole value private.
  if (value.kind != ValueKind::Param && value.kind != ValueKind::Unknown)
    return value;
  if (value.text.find('{') == std::string::npos)
    return value;
  AbstractValue result = value.kind == ValueKind::Unknown ? AbstractValue::unknown("") : AbstractValue::constant("");
  std::string_view text = value.text;
  while (!text.empty()) {
    size_t param = text.find(ParamPrefix), field = text.find(FieldPrefix), cut = text.find(DirnameMarker);
    size_t start = std::min({param, field, cut});
    if (start == std::string_view::npos) {
      result = concat(result, AbstractValue::constant(std::string(text)));
      break;
    }
    result = concat(result, AbstractValue::constant(std::string(text.substr(0, start))));
    size_t end = text.find('}', start);
    if (end == std::string_view::npos) { // not ours: keep the text
      result = concat(result, AbstractValue::constant(std::string(text.substr(start))));
      break;
    }
    if (start == cut) {
      result = parentPath(result);
      text = text.substr(end + 1);
      continue;
    }
    if (start == param) {
      unsigned index = 0;
      for (size_t i = start + ParamPrefix.size(); i < end; ++i)
        index = index * 10 + unsigned(text[i] - '0');
      result = concat(result, index < arguments.size()
                                  ? arguments[index]
                                  : AbstractValue::unknown("<argument " + std::to_string(index) + ">"));
    } else {
      std::string_view name = text.substr(start + FieldPrefix.size(), end - start - FieldPrefix.size());
      auto known = std::find_if(fields.begin(), fields.end(),
                                [&](const auto &entry) { return entry.first == name; });
      result = concat(result, known != fields.end() ? known->second
                                                    : AbstractValue{ValueKind::Param,
                                                                    std::string(text.substr(start, end + 1 - start))});
    }
    text = text.substr(end + 1);
  }
  return result;
}

namespace {
template <typename Enum, size_t N>
struct EnumNames {
  std::array<std::pair<Enum, const char *>, N> names;
  const char *toString(Enum value) const {
    for (auto &[e, name] : names)
      if (e == value)
        return name;
    return "?";
  }
  bool parse(const std::string &text, Enum &out) const {
    for (auto &[e, name] : names)
      if (text == name) {
        out = e;
        return true;
      }
    return false;
  }
};

constexpr EnumNames<ValueKind, 4> ValueKindNames{{{{ValueKind::Const, "const"},
                                                   {ValueKind::Param, "param"},
                                                   {ValueKind::Unique, "unique"},
                                                   {ValueKind::Unknown, "unknown"}}}};
constexpr EnumNames<ResourceKind, 5> ResourceKindNames{{{{ResourceKind::Path, "path"},
                                                         {ResourceKind::Port, "port"},
                                                         {ResourceKind::Env, "env"},
                                                         {ResourceKind::Cwd, "cwd"},
                                                         {ResourceKind::Global, "global"}}}};
constexpr EnumNames<AccessMode, 5> AccessModeNames{{{{AccessMode::Read, "read"},
                                                     {AccessMode::Write, "write"},
                                                     {AccessMode::Create, "create"},
                                                     {AccessMode::Delete, "delete"},
                                                     {AccessMode::List, "list"}}}};
} // namespace

const char *toString(ValueKind v) { return ValueKindNames.toString(v); }
const char *toString(ResourceKind v) { return ResourceKindNames.toString(v); }
const char *toString(AccessMode v) { return AccessModeNames.toString(v); }
bool parse(const std::string &s, ValueKind &v) { return ValueKindNames.parse(s, v); }
bool parse(const std::string &s, ResourceKind &v) { return ResourceKindNames.parse(s, v); }
bool parse(const std::string &s, AccessMode &v) { return AccessModeNames.parse(s, v); }

} // namespace parready
