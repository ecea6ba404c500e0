// The Language Server Protocol's base protocol and its lifecycle, for
// `parready lsp` (docs/lsp.md): JSON-RPC 2.0 messages framed by a
// Content-Length header, over any stream. Debian 12 packages no C++ LSP
// library, and its one C++ JSON-RPC library (libjsonrpccpp) brings jsoncpp and
// HTTP or socket connectors but no Content-Length framing, so this small layer
// is our own, on nlohmann/json like the rest of parready.
// https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#baseProtocol
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace parready::lsp {

/// JSON-RPC 2.0's error codes, and the one LSP adds.
namespace ErrorCode {
constexpr int ParseError = -32700;
constexpr int InvalidRequest = -32600;
constexpr int MethodNotFound = -32601;
constexpr int InvalidParams = -32602;
constexpr int InternalError = -32603;
constexpr int ServerNotInitialized = -32002;
} // namespace ErrorCode

/// What a request handler throws to answer with an error instead of a result.
struct RpcError : std::runtime_error {
  RpcError(int code, const std::string &message) : std::runtime_error(message), code(code) {}
  int code;
};

/// The next message's content: a header part ("Content-Length: N\r\n"; other
/// headers, such as Content-Type, are ignored), an empty line, N bytes.
/// nullopt at the end of the input. A header part without a Content-Length
/// gives "", which is no JSON: the caller answers it as a parse error.
std::optional<std::string> readMessage(std::istream &in);

/// `message` with its header part, ready to write.
std::string framed(const nlohmann::json &message);

/// One client's connection: reads messages until `exit` or the end of the
/// input, hands requests and notifications to the handlers registered for
/// their method, and writes the answers. It keeps LSP's lifecycle itself:
/// requests before `initialize` are refused (-32002), `shutdown` answers
/// null, and run() returns the exit code `exit` asks for (0 after a
/// shutdown, 1 without). Unknown requests get -32601, unknown notifications
/// are ignored. Handlers run one at a time, in the order messages arrive.
class Connection {
public:
  using RequestHandler = std::function<nlohmann::json(const nlohmann::json &params)>;
  using NotificationHandler = std::function<void(const nlohmann::json &params)>;
  /// `write` puts one framed message on the client's input, flushed.
  Connection(std::istream &in, std::function<void(const std::string &)> write);

  /// `initialize` is a request like the others: its handler's result is the
  /// answer, and only a result (no error) makes the connection initialized.
  void onRequest(const std::string &method, RequestHandler handler);
  void onNotification(const std::string &method, NotificationHandler handler);

  /// A notification to the client (textDocument/publishDiagnostics, window/logMessage).
  void notify(const std::string &method, const nlohmann::json &params);

  /// Serves until `exit` (0 after `shutdown`, else 1) or the end of the input (1).
  int run();

private:
  /// Handles one message's content; false once `exit` has arrived.
  bool handle(const std::string &content);
  void handleRequest(const nlohmann::json &id, const std::string &method, const nlohmann::json &params);
  void respond(const nlohmann::json &id, nlohmann::json result);
  void respondError(const nlohmann::json &id, int code, const std::string &message);

  std::istream &In;
  std::function<void(const std::string &)> Write;
  std::map<std::string, RequestHandler> Requests;
  std::map<std::string, NotificationHandler> Notifications;
  bool Initialized = false, ShutDown = false;
};

} // namespace parready::lsp
