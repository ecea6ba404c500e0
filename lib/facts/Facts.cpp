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

AbstractValue substituteParams(const AbstractValue &value,
                               const std::vector<AbstractValue> &arguments) {
  if (value.kind != ValueKind::Param)
    return value;
  AbstractValue result = AbstractValue::constant("");
  std::string_view text = value.text;
  while (!text.empty()) {
    size_t start = text.find(ParamPrefix);
    if (start == std::string_view::npos) {
      result = concat(result, AbstractValue::constant(std::string(text)));
      break;
    }
    result = concat(result, AbstractValue::constant(std::string(text.substr(0, start))));
    size_t end = text.find('}', start);
    unsigned index = 0;
    for (size_t i = start + ParamPrefix.size(); i < end; ++i)
      index = index * 10 + unsigned(text[i] - '0');
    result = concat(result, index < arguments.size()
                                ? arguments[index]
                                : AbstractValue::unknown("<argument " + std::to_string(index) + ">"));
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
