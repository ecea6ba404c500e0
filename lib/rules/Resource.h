// Resources: what tests share and collide on. Rules name the resource of each
// access; classify compares them, and reports print their keys
// (docs/report-format.md#resource-keys). A new kind of resource is a
// ResourceKind (facts/Facts.h) and, here, whether its resources have names
// and which part of an access names one.
#pragma once

#include "facts/Facts.h"

#include <compare>
#include <optional>
#include <string>

namespace parready {

/// Something two tests can collide on: a file or directory, a global, an
/// environment variable, a port, the working directory, the processes a
/// pattern matches, the machine's clock.
struct Resource {
  ResourceKind kind = ResourceKind::Path;
  /// Which one of its kind: the normalised path, the variable, the port, the
  /// process pattern; "" for a kind there is only one of (cwd, clock).
  std::string name;
  /// Paths only: an entry with a private (unique) name in the directory
  /// `name`. Two private entries are never the same file, yet each is inside
  /// the directory, so deleting or listing the directory reaches it.
  bool privateEntry = false;

  /// How reports, locks and messages name it: "path:<tmp>/sessions",
  /// "path:<tmp>/sessions/<unique>", "global:Settings::instance()::s",
  /// "process:worker", "cwd", "clock".
  std::string key() const;
  /// What a message quotes: the key without its kind ("<tmp>/sessions"), or
  /// the kind for a kind there is only one of ("cwd").
  std::string shownName() const;
  /// The same resource, a directory above `inner`, or a global object
  /// around one of its fields.
  bool contains(const Resource &inner) const;

  friend bool operator==(const Resource &, const Resource &) = default;
  /// By key: reports list resources in this order, which puts a directory
  /// right before what is inside it.
  friend std::strong_ordering operator<=>(const Resource &a, const Resource &b) { return a.key() <=> b.key(); }
};

/// The resource an access touches; nothing when its value is not known well
/// enough to name one (runtime input, or a private name with no fixed
/// directory above it, which no other test can reach).
std::optional<Resource> resourceOf(const Access &access);

/// What messages quote for an access to `resource`: an endpoint as written
/// ("tcp://127.0.0.1:7100", "port 8080"), else the resource's name, else the
/// unresolved value ("<Store::dir_>/log").
std::string shownValue(const Access &access, const std::optional<Resource> &resource);

/// The key of a finding's resource; "" for none, as reports show an
/// unresolved value.
std::string keyOf(const std::optional<Resource> &resource);

/// Path spelling used in resources: relative paths live under <cwd>,
/// duplicate separators and "." components are dropped.
std::string normalizePath(const std::string &path);

} // namespace parready
