#include "rules/Resource.h"

#include "facts/Endpoint.h"

#include <string_view>

namespace parready {

namespace {

/// Does a machine or process have many resources of this kind, told apart by
/// name, or just one (whatever value the access names)?
bool hasNames(ResourceKind kind) {
  switch (kind) {
  case ResourceKind::Path:
  case ResourceKind::Port:
  case ResourceKind::Env:
  case ResourceKind::Global:
  case ResourceKind::Process:
    return true;
  case ResourceKind::Cwd:
  case ResourceKind::Clock:
    return false;
  }
  return true;
}

/// Stands for the private name in a private entry's path.
constexpr std::string_view PrivateName = "/<unique>";

/// The name as one text: a private entry's path ends in PrivateName.
std::string fullName(const Resource &resource) {
  return resource.privateEntry ? resource.name + std::string(PrivateName) : resource.name;
}

/// A private entry in the fixed directory above a uniquifier, or nothing when
/// no directory above it is spelled out (no other test can reach it).
std::optional<Resource> privateEntryOf(const AbstractValue &path) {
  std::string parent = fixedParentOfUnique(path);
  if (parent.empty())
    return std::nullopt;
  return Resource{ResourceKind::Path, normalizePath(parent), true};
}

/// What binding or connecting an endpoint takes: a port by its number
/// (TCP and UDP alike, see docs/rules/parready-fixed-port.md), a socket file
/// as a path, an abstract socket name as "@name" among the ports (one
/// namespace per machine); nothing for a private or malformed endpoint.
std::optional<Resource> endpointResource(const AbstractValue &value) {
  if (value.kind == ValueKind::Unique) {
    std::optional<std::string> path = socketPathOf(value.text);
    return path ? privateEntryOf({ValueKind::Unique, *path}) : std::nullopt;
  }
  if (value.kind != ValueKind::Const)
    return std::nullopt;
  std::optional<Endpoint> endpoint = parseEndpoint(value.text);
  if (!endpoint)
    return std::nullopt;
  switch (endpoint->kind) {
  case EndpointKind::Port:
    return Resource{ResourceKind::Port, std::to_string(endpoint->port)};
  case EndpointKind::SocketPath:
    return Resource{ResourceKind::Path, normalizePath(endpoint->name)};
  case EndpointKind::AbstractName:
    return Resource{ResourceKind::Port, "@" + endpoint->name};
  case EndpointKind::Private:
    break;
  }
  return std::nullopt;
}

} // namespace

std::string Resource::key() const {
  return hasNames(kind) ? std::string(toString(kind)) + ":" + fullName(*this) : toString(kind);
}

std::string Resource::shownName() const { return hasNames(kind) ? fullName(*this) : toString(kind); }

bool Resource::contains(const Resource &inner) const {
  if (*this == inner)
    return true;
  // A global object holds its fields: "global:g" contains "global:g.config.strict".
  if (kind == ResourceKind::Global && inner.kind == ResourceKind::Global)
    return inner.name.starts_with(name + ".");
  if (kind != ResourceKind::Path || inner.kind != ResourceKind::Path)
    return false;
  std::string outerPath = fullName(*this), innerPath = fullName(inner);
  return innerPath.size() > outerPath.size() && innerPath.starts_with(outerPath) &&
         (innerPath[outerPath.size()] == '/' || outerPath.back() == '/');
}

std::string shownValue(const Access &access, const std::optional<Resource> &resource) {
  if (!resource)
    return displayText(access.value);
  // An endpoint as the code spells it: "tcp://127.0.0.1:7100", "port 7100"
  // for a bare number (sin_port, a port argument), "@name" for an abstract
  // socket name written with a leading '\0'.
  if (access.resource == ResourceKind::Port && access.value.kind == ValueKind::Const) {
    const std::string &text = access.value.text;
    if (text.find_first_not_of("0123456789") == std::string::npos)
      return "port " + text;
    return text.starts_with('\0') ? "@" + text.substr(1) : text;
  }
  return resource->shownName();
}

std::string keyOf(const std::optional<Resource> &resource) { return resource ? resource->key() : ""; }

std::string normalizePath(const std::string &path) {
  std::string full = path;
  if (full.empty() || (full.front() != '/' && full.front() != '<'))
    full = "<cwd>/" + full;
  std::string out;
  size_t i = 0;
  while (i < full.size()) {
    size_t next = full.find('/', i);
    std::string part = full.substr(i, next == std::string::npos ? std::string::npos : next - i);
    if (!part.empty() && part != ".") {
      if (!out.empty() || full.front() == '/')
        out += '/';
      out += part;
    }
    if (next == std::string::npos)
      break;
    i = next + 1;
  }
  return out.empty() ? "/" : out;
}

std::optional<Resource> resourceOf(const Access &access) {
  if (access.resource == ResourceKind::Path && access.value.kind == ValueKind::Unique)
    return privateEntryOf(access.value);
  if (access.resource == ResourceKind::Port)
    return endpointResource(access.value);
  // The working directory is one per process whatever it is set to.
  if (access.resource == ResourceKind::Cwd)
    return Resource{ResourceKind::Cwd};
  if (access.value.kind != ValueKind::Const)
    return std::nullopt;
  const std::string &text = access.value.text;
  switch (access.resource) {
  case ResourceKind::Path: {
    std::string path = normalizePath(text);
    // A loop over dir's entries touches dir's contents: the resource is dir.
    if (access.eachEntry && path.ends_with("/*"))
      path.resize(path.size() - 2);
    return Resource{ResourceKind::Path, path};
  }
  case ResourceKind::Env: // putenv("NAME=value") names NAME
    return Resource{ResourceKind::Env, text.substr(0, text.find('='))};
  case ResourceKind::Global:
  case ResourceKind::Process:
    return Resource{access.resource, text};
  case ResourceKind::Port: // endpointResource
    break;
  case ResourceKind::Cwd:
  case ResourceKind::Clock: // one CPU budget for everything on the machine
    return Resource{access.resource};
  }
  return std::nullopt;
}

} // namespace parready
