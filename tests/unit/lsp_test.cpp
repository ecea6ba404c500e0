#include "lsp/JsonRpc.h"
#include "lsp/Server.h"

#include "ScratchDirectory.h"

#include <gtest/gtest.h>

#include <sstream>

namespace parready::lsp {
namespace {

using nlohmann::json;

json request(int id, const std::string &method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

json notification(const std::string &method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

/// What the server wrote, message by message, read back with readMessage().
std::vector<json> written(const std::string &output) {
  std::istringstream in(output);
  std::vector<json> messages;
  while (std::optional<std::string> content = readMessage(in))
    messages.push_back(json::parse(*content));
  return messages;
}

/// A connection that answers `initialize` with {} and `echo` with its params.
struct Session {
  explicit Session(const std::string &input)
      : In(input), Client(In, [this](const std::string &m) { Out += m; }) {
    Client.onRequest("initialize", [](const json &) { return json::object(); });
    Client.onRequest("echo", [](const json &params) { return params; });
    Client.onRequest("fails", [](const json &) -> json { throw RpcError(-32001, "no"); });
    Client.onNotification("note", [this](const json &params) { Notes.push_back(params); });
  }
  std::istringstream In;
  std::string Out;
  std::vector<json> Notes;
  Connection Client;
};

TEST(BaseProtocol, ReadsContentLengthFramesAndIgnoresOtherHeaders) {
  std::istringstream in(
      "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
      "content-length:  7 \r\n\r\n[1,2,3]"
      "Content-Type: x\r\n\r\n");
  EXPECT_EQ(readMessage(in), "{}");
  EXPECT_EQ(readMessage(in), "[1,2,3]"); // header names are case-insensitive
  EXPECT_EQ(readMessage(in), "");        // no Content-Length: the caller answers a parse error
  EXPECT_EQ(readMessage(in), std::nullopt);
}

TEST(BaseProtocol, AMessageCutShortIsTheEndOfTheInput) {
  std::istringstream in("Content-Length: 10\r\n\r\n{\"a\":");
  EXPECT_EQ(readMessage(in), std::nullopt);
}

TEST(BaseProtocol, FramedMessagesCountBytes) {
  std::string out = framed({{"text", "é"}});
  EXPECT_EQ(out, "Content-Length: 13\r\n\r\n{\"text\":\"é\"}");
}

TEST(Connection, RefusesRequestsBeforeInitializeAndDropsNotifications) {
  Session s(framed(request(1, "echo")) + framed(notification("note", {{"n", 1}})) +
            framed(request(2, "initialize")) + framed(notification("note", {{"n", 2}})) +
            framed(request(3, "echo", {{"x", 1}})) + framed(request(4, "initialize")));
  EXPECT_EQ(s.Client.run(), 1); // the input ended without exit
  std::vector<json> out = written(s.Out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0]["id"], 1);
  EXPECT_EQ(out[0]["error"]["code"], ErrorCode::ServerNotInitialized);
  EXPECT_EQ(out[1]["id"], 2);
  EXPECT_EQ(out[1]["result"], json::object());
  EXPECT_EQ(out[2]["result"], json({{"x", 1}}));
  EXPECT_EQ(out[3]["error"]["code"], ErrorCode::InvalidRequest); // initialize twice
  EXPECT_EQ(s.Notes, std::vector<json>{json({{"n", 2}})});
}

TEST(Connection, MalformedMessagesGetErrorsAndTheConnectionGoesOn) {
  Session s(framed(request(1, "initialize")) + "Content-Length: 9\r\n\r\n{\"id\": 2," +
            framed(json::array()) + framed(request(3, "no/such/method")) +
            framed(notification("no/such/notification")) +
            framed({{"jsonrpc", "2.0"}, {"id", 7}, {"result", nullptr}}) + // a response: nothing waits for it
            framed(request(4, "fails")) + framed(request(5, "echo", {{"still", "here"}})));
  s.Client.run();
  std::vector<json> out = written(s.Out);
  ASSERT_EQ(out.size(), 6u) << s.Out;
  EXPECT_EQ(out[1]["id"], nullptr);
  EXPECT_EQ(out[1]["error"]["code"], ErrorCode::ParseError);
  EXPECT_EQ(out[2]["id"], nullptr);
  EXPECT_EQ(out[2]["error"]["code"], ErrorCode::InvalidRequest);
  EXPECT_EQ(out[3]["id"], 3);
  EXPECT_EQ(out[3]["error"]["code"], ErrorCode::MethodNotFound);
  EXPECT_EQ(out[4]["error"]["code"], -32001);
  EXPECT_EQ(out[4]["error"]["message"], "no");
  EXPECT_EQ(out[5]["result"], json({{"still", "here"}}));
}

TEST(Connection, ExitAfterShutdownIsZeroAndWithoutItOne) {
  Session clean(framed(request(1, "initialize")) + framed(request(2, "shutdown")) +
                framed(request(3, "echo")) + framed(notification("exit")) + framed(request(4, "echo")));
  EXPECT_EQ(clean.Client.run(), 0);
  std::vector<json> out = written(clean.Out);
  ASSERT_EQ(out.size(), 3u); // nothing after exit is read
  EXPECT_TRUE(out[1].contains("result"));
  EXPECT_EQ(out[1]["result"], nullptr);
  EXPECT_EQ(out[2]["error"]["code"], ErrorCode::InvalidRequest); // only exit after shutdown

  Session abrupt(framed(request(1, "initialize")) + framed(notification("exit")));
  EXPECT_EQ(abrupt.Client.run(), 1);
}

class Server : public ScratchDirectory {};

TEST_F(Server, WithoutACompileDatabaseItSaysSoOnceAndKeepsServing) {
  write("src/a_test.cpp", "int main() {}\n");
  ServerOptions options;
  options.analysis.input.buildPath = "build"; // under the workspace root, which has none
  options.analysis.rulesDirectory = PARREADY_SOURCE_RULES_DIR;
  options.analysis.extract.resourceDir = PARREADY_DEFAULT_RESOURCE_DIR;
  options.analysis.classify.toolVersion = "9.9";
  std::string uri = "file://" + Dir + "/src/a_test.cpp";
  json opened = {{"textDocument", {{"uri", uri}, {"languageId", "cpp"}, {"version", 1}, {"text", ""}}}};
  json initialize = {{"rootUri", "file://" + Dir},
                     {"capabilities", {{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}}}};
  std::istringstream in(
      framed(request(1, "initialize", initialize)) + framed(notification("textDocument/didOpen", opened)) +
      framed(notification(
          "textDocument/didOpen",
          {{"textDocument", {{"uri", "file://" + Dir + "/notes.txt"}, {"languageId", "plaintext"}}}})) +
      framed(notification("textDocument/didSave", {{"textDocument", {{"uri", uri}}}})) +
      framed(request(2, "shutdown")) + framed(notification("exit")));
  std::string out;
  EXPECT_EQ(serve(options, in, [&out](const std::string &m) { out += m; }), 0);
  std::vector<json> messages = written(out);
  ASSERT_EQ(messages.size(), 4u) << out; // the text file is not analysed
  EXPECT_EQ(messages[0]["result"]["capabilities"]["textDocumentSync"],
            json({{"openClose", true}, {"change", 0}, {"save", {{"includeText", false}}}}));
  EXPECT_EQ(messages[0]["result"]["capabilities"]["positionEncoding"], "utf-8"); // columns are bytes
  EXPECT_EQ(messages[0]["result"]["serverInfo"], json({{"name", "parready"}, {"version", "9.9"}}));
  EXPECT_EQ(messages[1]["method"], "window/showMessage");
  EXPECT_EQ(messages[1]["params"]["type"], 1);
  EXPECT_NE(messages[1]["params"]["message"].get<std::string>().find("-p build: no such directory"),
            std::string::npos)
      << messages[1];
  // The same failure again is logged, not shown again.
  EXPECT_EQ(messages[2]["method"], "window/logMessage");
  EXPECT_EQ(messages[2]["params"], messages[1]["params"]);
  EXPECT_EQ(messages[3]["id"], 2);
}

} // namespace
} // namespace parready::lsp
