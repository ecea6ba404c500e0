#include "facts/Endpoint.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace parready {

namespace {

/// Schemes whose endpoint is host:port, with the port a URL of the scheme
/// means when it names none (0: it must name one).
struct PortScheme {
  std::string_view name;
  unsigned defaultPort;
};
constexpr std::array<PortScheme, 17> PortSchemes{{{"tcp", 0},
                                                  {"tcp4", 0},
                                                  {"tcp6", 0},
                                                  {"udp", 0},
                                                  {"udp4", 0},
                                                  {"udp6", 0},
                                                  {"tls+tcp", 0},
                                                  {"tls+tcp4", 0},
                                                  {"tls+tcp6", 0},
                                                  {"pgm", 0},
                                                  {"epgm", 0},
                                                  {"http", 80},
                                                  {"https", 443},
                                                  {"ws", 80},
                                                  {"wss", 443},
                                                  {"ws4", 80},
                                                  {"ws6", 80}}};
/// Schemes whose endpoint is a socket file.
constexpr std::array<std::string_view, 2> PathSchemes{"ipc", "unix"};
/// nng's Linux abstract sockets.
constexpr std::string_view AbstractScheme = "abstract";
/// ZeroMQ's and nng's in-process transport: nothing outside the process.
constexpr std::string_view InProcessScheme = "inproc";
/// TIPC (ZeroMQ's "tipc://"): a service name is published for the whole
/// node (cluster), like an abstract socket name.
constexpr std::string_view TipcScheme = "tipc";

constexpr std::string_view SchemeSeparator = "://";

std::string lowerCase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower;
}

bool isDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

/// A host as endpoints spell one: a name, an address, an interface, '*'
/// (any), or pgm's "eth0;239.192.1.1". Placeholders and paths are not.
bool isHost(std::string_view host) {
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '*' || c == ';' || c == '%';
  });
}

/// A port as written: a decimal number up to 65535, or '*' (any free port).
/// Returns 0 for a port the system picks.
std::optional<unsigned> parsePort(std::string_view text) {
  if (text == "*")
    return 0;
  if (!isDigits(text) || text.size() > 5)
    return std::nullopt;
  unsigned port = std::stoul(std::string(text));
  return port <= 65535 ? std::optional<unsigned>(port) : std::nullopt;
}

Endpoint portEndpoint(std::string scheme, std::string host, unsigned port) {
  return {port == 0 ? EndpointKind::Private : EndpointKind::Port, std::move(scheme), std::move(host), port,
          ""};
}

/// "host:port", "[v6]:port" or, when `defaultPort` is not 0, a host alone.
std::optional<Endpoint> parseHostPort(std::string_view authority, std::string scheme, unsigned defaultPort) {
  std::string_view host = authority, portText;
  bool hasPort = false;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return std::nullopt;
    host = authority.substr(1, close - 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':'))
      return std::nullopt;
    hasPort = !rest.empty();
    portText = hasPort ? rest.substr(1) : "";
    if (host.empty() || !std::all_of(host.begin(), host.end(), [](unsigned char c) {
          return std::isxdigit(c) || c == ':' || c == '.' || c == '%';
        }))
      return std::nullopt;
  } else {
    size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      // "::1:80" is ambiguous: IPv6 addresses need brackets next to a port.
      if (authority.find(':', colon + 1) != std::string_view::npos)
        return std::nullopt;
      host = authority.substr(0, colon);
      portText = authority.substr(colon + 1);
      hasPort = true;
    }
    if (!isHost(host))
      return std::nullopt;
  }
  if (!hasPort)
    return defaultPort
               ? std::optional<Endpoint>(portEndpoint(std::move(scheme), std::string(host), defaultPort))
               : std::nullopt;
  std::optional<unsigned> port = parsePort(portText);
  if (!port)
    return std::nullopt;
  return portEndpoint(std::move(scheme), std::string(host), *port);
}

/// "@name" or "\0name": a name in the machine's abstract socket namespace.
std::optional<Endpoint> abstractName(std::string scheme, std::string_view name) {
  if (name.empty())
    return std::nullopt;
  return Endpoint{EndpointKind::AbstractName, std::move(scheme), "", 0, std::string(name)};
}

bool startsAbstract(std::string_view text) { return text.starts_with('@') || text.starts_with('\0'); }

/// "{5560,0,0}" (bind a service range) and "{5560,0}@0.0.0" (connect to it)
/// name the service {5560,0}; "<*>" is a socket the system numbers.
std::optional<Endpoint> tipcEndpoint(std::string_view rest) {
  if (rest == "<*>")
    return Endpoint{EndpointKind::Private, std::string(TipcScheme), "", 0, std::string(rest)};
  size_t close = rest.find('}');
  if (!rest.starts_with('{') || close == std::string_view::npos)
    return std::nullopt;
  std::string_view inside = rest.substr(1, close - 1);
  size_t comma = inside.find(',');
  if (comma == std::string_view::npos)
    return std::nullopt;
  std::string_view type = inside.substr(0, comma), instance = inside.substr(comma + 1);
  instance = instance.substr(0, instance.find(','));
  if (!isDigits(type) || !isDigits(instance))
    return std::nullopt;
  return abstractName(std::string(TipcScheme), "tipc{" + std::string(type) + "," + std::string(instance) + "}");
}

} // namespace

std::optional<Endpoint> parseEndpoint(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  if (startsAbstract(text))
    return abstractName("", text.substr(1));
  size_t separator = text.find(SchemeSeparator);
  if (separator == std::string_view::npos) {
    if (isDigits(text)) {
      std::optional<unsigned> port = parsePort(text);
      return port ? std::optional<Endpoint>(portEndpoint("", "", *port)) : std::nullopt;
    }
    return parseHostPort(text, "", 0);
  }
  std::string scheme = lowerCase(text.substr(0, separator));
  std::string_view rest = text.substr(separator + SchemeSeparator.size());
  if (scheme == InProcessScheme)
    return rest.empty()
               ? std::nullopt
               : std::optional<Endpoint>(Endpoint{EndpointKind::Private, scheme, "", 0, std::string(rest)});
  if (scheme == AbstractScheme)
    return abstractName(scheme, rest);
  if (scheme == TipcScheme)
    return tipcEndpoint(rest);
  if (std::find(PathSchemes.begin(), PathSchemes.end(), scheme) != PathSchemes.end()) {
    if (startsAbstract(rest))
      return abstractName(scheme, rest.substr(1));
    if (rest.empty())
      return std::nullopt;
    // ZeroMQ's "ipc://*" makes a socket file of a unique name.
    if (rest == "*")
      return Endpoint{EndpointKind::Private, scheme, "", 0, std::string(rest)};
    return Endpoint{EndpointKind::SocketPath, scheme, "", 0, std::string(rest)};
  }
  auto known = std::find_if(PortSchemes.begin(), PortSchemes.end(),
                            [&](const PortScheme &candidate) { return candidate.name == scheme; });
  if (known == PortSchemes.end())
    return std::nullopt;
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t userInfo = authority.rfind('@'); userInfo != std::string_view::npos)
    authority = authority.substr(userInfo + 1);
  if (authority.empty())
    return std::nullopt;
  return parseHostPort(authority, scheme, known->defaultPort);
}

std::optional<std::string> socketPathOf(std::string_view text) {
  size_t separator = text.find(SchemeSeparator);
  if (separator == std::string_view::npos)
    return std::nullopt;
  std::string scheme = lowerCase(text.substr(0, separator));
  std::string_view path = text.substr(separator + SchemeSeparator.size());
  if (std::find(PathSchemes.begin(), PathSchemes.end(), scheme) == PathSchemes.end() || path.empty() ||
      startsAbstract(path))
    return std::nullopt;
  return std::string(path);
}

} // namespace parready
