#include "lsp/JsonRpc.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>

namespace parready::lsp {

using nlohmann::json;

namespace {

/// A Content-Length header's value; nullopt for any other header.
std::optional<size_t> contentLength(llvm::StringRef header) {
  auto [name, value] = header.split(':');
  size_t length = 0;
  if (!name.trim().equals_insensitive("Content-Length") || value.trim().getAsInteger(10, length))
    return std::nullopt;
  return length;
}

} // namespace

std::optional<std::string> readMessage(std::istream &in) {
  std::optional<size_t> length;
  bool inHeaders = false;
  for (std::string line;;) {
    if (!std::getline(in, line))
      return std::nullopt;
    if (line.ends_with('\r'))
      line.pop_back();
    // Blank lines between messages are not a header part's end.
    if (line.empty() && inHeaders)
      break;
    if (line.empty())
      continue;
    inHeaders = true;
    if (std::optional<size_t> value = contentLength(line))
      length = value;
  }
  if (!length)
    return std::string();
  // In pieces: a bogus length must not allocate gigabytes before the input ends.
  std::string content;
  constexpr size_t Piece = 1 << 16;
  while (content.size() < *length) {
    size_t before = content.size();
    content.resize(before + std::min(Piece, *length - before));
    if (!in.read(content.data() + before, std::streamsize(content.size() - before)))
      return std::nullopt;
  }
  return content;
}

std::string framed(const json &message) {
  // Paths and messages may hold bytes that are not UTF-8; the client gets U+FFFD.
  std::string content = message.dump(-1, ' ', false, json::error_handler_t::replace);
  return "Content-Length: " + std::to_string(content.size()) + "\r\n\r\n" + content;
}

Connection::Connection(std::istream &in, std::function<void(const std::string &)> write)
    : In(in), Write(std::move(write)) {}

void Connection::onRequest(const std::string &method, RequestHandler handler) {
  Requests[method] = std::move(handler);
}

void Connection::onNotification(const std::string &method, NotificationHandler handler) {
  Notifications[method] = std::move(handler);
}

void Connection::notify(const std::string &method, const json &params) {
  Write(framed({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}));
}

void Connection::respond(const json &id, json result) {
  Write(framed({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}));
}

void Connection::respondError(const json &id, int code, const std::string &message) {
  Write(framed({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}}));
}

int Connection::run() {
  while (std::optional<std::string> content = readMessage(In))
    if (!handle(*content))
      return ShutDown ? 0 : 1;
  return 1; // the client went away without `exit`
}

bool Connection::handle(const std::string &content) {
  json message = json::parse(content, nullptr, false);
  if (message.is_discarded()) {
    respondError(nullptr, ErrorCode::ParseError,
                 content.empty() ? "no content (or no Content-Length header)" : "the message is not JSON");
    return true;
  }
  auto id = message.is_object() ? message.find("id") : message.end();
  bool validId = id != message.end() && (id->is_string() || id->is_number_integer() || id->is_null());
  auto method = message.is_object() ? message.find("method") : message.end();
  if (method == message.end() || !method->is_string()) {
    // A response to a request of ours: the server sends none, so nothing waits for it.
    bool response = message.is_object() && (message.contains("result") || message.contains("error"));
    if (!response)
      respondError(validId ? *id : json(nullptr), ErrorCode::InvalidRequest,
                   "not a JSON-RPC request or notification");
    return true;
  }
  json params = message.value("params", json::object());
  if (id != message.end()) {
    if (validId)
      handleRequest(*id, *method, params);
    else
      respondError(nullptr, ErrorCode::InvalidRequest, "a request's id is a string or a number");
    return true;
  }
  if (*method == "exit")
    return false;
  // Before `initialize`, notifications are dropped (LSP's lifecycle).
  auto handler = Notifications.find(*method);
  if (!Initialized || handler == Notifications.end())
    return true;
  try {
    handler->second(params);
  } catch (const std::exception &error) {
    // A notification has no answer; the client's log shows what went wrong.
    notify("window/logMessage",
           {{"type", 1}, {"message", "parready: " + method->get<std::string>() + ": " + error.what()}});
  }
  return true;
}

void Connection::handleRequest(const json &id, const std::string &method, const json &params) {
  if (ShutDown)
    return respondError(id, ErrorCode::InvalidRequest, "the server is shutting down: only exit is expected");
  if (method == "initialize" && Initialized)
    return respondError(id, ErrorCode::InvalidRequest, "initialize was already sent");
  if (method != "initialize" && !Initialized)
    return respondError(id, ErrorCode::ServerNotInitialized, "the server is not initialized yet");
  if (method == "shutdown") {
    ShutDown = true;
    return respond(id, nullptr);
  }
  auto handler = Requests.find(method);
  if (handler == Requests.end())
    return respondError(id, ErrorCode::MethodNotFound, "unknown method " + method);
  try {
    json result = handler->second(params);
    Initialized = true; // a no-op unless this was `initialize`
    respond(id, std::move(result));
  } catch (const RpcError &error) {
    respondError(id, error.code, error.what());
  } catch (const json::exception &error) {
    respondError(id, ErrorCode::InvalidParams, error.what());
  } catch (const std::exception &error) {
    respondError(id, ErrorCode::InternalError, error.what());
  }
}

} // namespace parready::lsp
