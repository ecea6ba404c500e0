// Network endpoints as users write them: a bare port ("7100"), "host:port",
// "[::1]:7100", transport URLs ("tcp://*:7100", "udp://239.0.0.1:5555",
// "ipc:///tmp/x.sock", "inproc://name"), web URLs ("http://localhost:8080/x")
// and Linux abstract socket names ("@name", a leading '\0'). One parser, so
// that extraction (which accesses share nothing), link (the same question
// after substitution) and rules (which resource an access touches) agree on
// what an endpoint holds. Clang-free: it lives in facts, below every stage
// that reads values (docs/architecture.md).
#pragma once

#include "facts/EnumNames.h"

#include <optional>
#include <string>
#include <string_view>

namespace parready {

/// What binding or connecting an endpoint takes from the machine.
enum class EndpointKind {
  /// A port number, shared by the whole machine: "tcp://127.0.0.1:7100",
  /// "0.0.0.0:50051", sin_port 7100, "udp://239.0.0.1:5555".
  Port,
  /// A socket file ("ipc:///tmp/x.sock", "unix:///run/x"): a path like any
  /// other, private only under a unique directory.
  SocketPath,
  /// A Linux abstract socket name ("@name", "\0name", "abstract://name"):
  /// one namespace per machine (network namespace), no file to make unique.
  AbstractName,
  /// Takes nothing another test could hold: port 0 or a '*' port (the
  /// system picks a free one), "ipc://*" (ZeroMQ picks a unique file),
  /// "inproc://" (inside one process).
  Private,
};

/// As rules name the forms (rules/<id>.json `fixes[].endpoints`).
template <> struct NamesOf<EndpointKind> {
  static constexpr EnumNames<EndpointKind, 4> names{{{{EndpointKind::Port, "port"},
                                                      {EndpointKind::SocketPath, "socket_path"},
                                                      {EndpointKind::AbstractName, "abstract_name"},
                                                      {EndpointKind::Private, "private"}}}};
};

struct Endpoint {
  EndpointKind kind = EndpointKind::Private;
  /// Lower-case scheme as written ("tcp", "udp", "ipc", "http"); "" for a
  /// bare port or "host:port".
  std::string scheme;
  std::string host;  ///< without IPv6 brackets; "" when none was written
  unsigned port = 0; ///< Port: 1..65535
  /// SocketPath: the file; AbstractName: the name without its '@' or '\0'.
  std::string name;

  friend bool operator==(const Endpoint &, const Endpoint &) = default;
};

/// The endpoint `text` spells, or nothing when it is no endpoint (an empty
/// or malformed string, an unknown scheme, a port above 65535, an IPv6
/// address without brackets, a plain file path). A URL without a port takes
/// its scheme's default (http and ws 80, https and wss 443).
std::optional<Endpoint> parseEndpoint(std::string_view text);

/// The socket file of an "ipc://" or "unix://" endpoint, even when it holds
/// placeholders or a uniquifier ("ipc://{unique:mkdtemp}/x.sock"): the
/// path machinery decides whether a directory above it is private.
std::optional<std::string> socketPathOf(std::string_view text);

} // namespace parready
