#!/usr/bin/env python3
"""End-to-end tests of `parready lsp`, driven as an editor drives it: a
scratch GoogleTest project, didOpen, a save that adds a hazard, a save that
fixes every hazard, protocol errors, shutdown and exit. Also checks that the
VS Code problem matcher of docs/lsp.md matches the real text report.

usage: test_lsp.py PARREADY_BINARY SOURCE_DIR
"""
import json
import os
import pathlib
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

# Absolute: the server is started in another directory.
PARREADY = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else shutil.which("parready")
SOURCE_DIR = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")

# A hung server fails the test instead of hanging it.
TIMEOUT = 60

HELPER = """#include <fstream>
inline void write_report() { std::ofstream("/tmp/parready-lsp-report.txt") << "x"; }
"""
THROUGH_HELPER = """#include <gtest/gtest.h>
#include "helper.h"
TEST(Report, WritesThroughHelper) { write_report(); }
"""
# The edit that adds a hazard: two tests of the file write one fixed path.
SHARED_PATH = """#include <gtest/gtest.h>
#include <fstream>
#include "helper.h"
TEST(Report, WritesThroughHelper) { write_report(); }
TEST(Shared, First) { std::ofstream("/tmp/parready-lsp-shared.txt") << "1"; }
TEST(Shared, Second) { std::ofstream("/tmp/parready-lsp-shared.txt") << "2"; }
"""
# The edit that fixes them all: a private directory, and no helper.
SAFE = """#include <gtest/gtest.h>
#include <cstdlib>
#include <fstream>
#include <string>
TEST(Shared, First) {
  char dir[] = "/tmp/parready-lsp-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::ofstream(std::string(dir) + "/out.txt") << "1";
}
"""


def uri(path):
    return "file://" + urllib.parse.quote(path)


class LanguageClient:
    """`parready lsp` on pipes: messages are read by a thread into a queue,
    so that every wait has a timeout."""

    def __init__(self, args, cwd):
        self.process = subprocess.Popen([PARREADY, "lsp", *args], cwd=cwd, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.stderr = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()

    def _read(self):
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            self.messages.put(json.loads(out.read(length)))

    def send_raw(self, content):
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(content) + content)
        self.process.stdin.flush()

    def send(self, message):
        self.send_raw(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def request(self, id, method, params=None):
        self.send({"id": id, "method": method, "params": params or {}})

    def notify(self, method, params=None):
        self.send({"method": method, "params": params or {}})

    def next(self):
        try:
            message = self.messages.get(timeout=TIMEOUT)
        except queue.Empty:
            raise AssertionError(f"no message from the server in {TIMEOUT} s; stderr: {self.log()}")
        if message is None:
            raise AssertionError(f"the server closed its output; stderr: {self.log()}")
        return message

    def response(self, id):
        """The response to request `id`; the notifications before it are returned too."""
        before = []
        while True:
            message = self.next()
            if message.get("id") == id and "method" not in message:
                return message, before
            before.append(message)

    def analysis(self):
        """What one analysis publishes, by file path, up to its closing log line."""
        published = {}
        while True:
            message = self.next()
            method = message.get("method")
            if method == "textDocument/publishDiagnostics":
                path = urllib.parse.unquote(urllib.parse.urlparse(message["params"]["uri"]).path)
                published[path] = message["params"]["diagnostics"]
            elif method == "window/showMessage":
                raise AssertionError(f"the analysis failed: {message['params']}")
            elif method == "window/logMessage" and "analysed in" in message["params"]["message"]:
                return published

    def wait(self):
        try:
            return self.process.wait(timeout=TIMEOUT)
        finally:
            if self.process.poll() is None:
                self.process.kill()

    def log(self):
        return b"".join(self.stderr).decode(errors="replace")

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()


def problem_matcher():
    """The problemMatcher of the tasks.json in docs/lsp.md."""
    with open(os.path.join(SOURCE_DIR, "docs", "lsp.md")) as f:
        blocks = re.findall(r"```json\n(.*?)```", f.read(), re.S)
    tasks = next(json.loads(block) for block in blocks if '"problemMatcher"' in block)
    return tasks["tasks"][0]["problemMatcher"]


class Lsp(unittest.TestCase):
    def setUp(self):
        # Its real path: the server names files by the paths the compile database holds.
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="parready-lsp-"))
        self.addCleanup(shutil.rmtree, self.dir)
        self.write("tests/helper.h", HELPER)
        self.test_file = self.write("tests/a_test.cpp", THROUGH_HELPER)
        self.helper = os.path.join(self.dir, "tests", "helper.h")
        self.write("build/compile_commands.json", json.dumps(
            [{"directory": self.dir, "file": self.test_file,
              "command": f"c++ -std=c++17 -c {self.test_file} -o a_test.o"}]))

    def write(self, name, text):
        path = pathlib.Path(self.dir, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return str(path)

    def start(self, *args):
        # Started elsewhere: a relative -p is the workspace's.
        client = LanguageClient(args, cwd="/")
        self.addCleanup(client.close)
        return client

    def initialize(self, client):
        client.request(1, "initialize", {"processId": os.getpid(), "rootUri": uri(self.dir), "capabilities": {}})
        response, _ = client.response(1)
        client.notify("initialized")
        return response

    def save(self, client, text):
        self.write("tests/a_test.cpp", text)
        started = time.monotonic()
        client.notify("textDocument/didSave", {"textDocument": {"uri": uri(self.test_file)}})
        published = client.analysis()
        return published, time.monotonic() - started

    def related(self, diagnostic):
        return [(urllib.parse.unquote(r["location"]["uri"][len("file://"):]), r["location"]["range"]["start"]["line"],
                 r["message"]) for r in diagnostic.get("relatedInformation", [])]

    def test_diagnostics_follow_the_files_on_disk(self):
        client = self.start("-p", "build")
        # Before initialize, a request is refused.
        client.request(0, "textDocument/hover", {})
        refused, _ = client.response(0)
        self.assertEqual(refused["error"]["code"], -32002)

        result = self.initialize(client)["result"]
        self.assertEqual(result["capabilities"]["textDocumentSync"],
                         {"openClose": True, "change": 0, "save": {"includeText": False}})
        self.assertNotIn("positionEncoding", result["capabilities"])  # the client offered UTF-16 only
        self.assertEqual(result["serverInfo"]["name"], "parready")
        self.assertRegex(result["serverInfo"]["version"], r"^\d+\.\d+\.\d+")

        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(self.test_file), "languageId": "cpp", "version": 1, "text": THROUGH_HELPER}})
        published = client.analysis()
        self.assertEqual(set(published), {self.helper, self.test_file}, published)
        # At the access, in the helper...
        [at_access] = published[self.helper]
        self.assertEqual(at_access["code"], "parready-shared-path")
        self.assertEqual(at_access["severity"], 2)  # fixable: a warning
        self.assertEqual(at_access["source"], "parready")
        self.assertEqual(at_access["range"]["start"], {"line": 1, "character": 29})
        page = os.path.join(SOURCE_DIR, "docs", "rules", "parready-shared-path.md")
        self.assertEqual(at_access["codeDescription"]["href"], uri(page))
        self.assertTrue(os.path.exists(page))
        self.assertIn("'/tmp/parready-lsp-report.txt' is a fixed path written here", at_access["message"])
        self.assertEqual(self.related(at_access), [
            (self.helper, 1, "fixable hazard in test Report.WritesThroughHelper"),
            (self.test_file, 2, "calls write_report")])
        # ...and where the test file calls out to it.
        [at_call] = published[self.test_file]
        self.assertEqual(at_call["range"]["start"], {"line": 2, "character": 36})
        self.assertEqual(at_call["message"], at_access["message"])
        self.assertIn((self.helper, 1, "'/tmp/parready-lsp-report.txt' is written by std::basic_ofstream::basic_ofstream"),
                      self.related(at_call))

        # A malformed message is answered, and the server goes on.
        client.send_raw(b"{not json")
        malformed = client.next()
        self.assertEqual(malformed["error"]["code"], -32700)
        self.assertIsNone(malformed["id"])

        published, edited = self.save(client, SHARED_PATH)
        shared = [d for d in published[self.test_file] if "parready-lsp-shared.txt" in d["message"]]
        self.assertEqual([(d["code"], d["range"]["start"]["line"]) for d in shared],
                         [("parready-shared-path", 4), ("parready-shared-path", 5)], published)
        self.assertIn("while 1 other test uses it (Shared.Second)", shared[0]["message"])
        self.assertIn((self.test_file, 5, "test Shared.Second writes '/tmp/parready-lsp-shared.txt' here"),
                      self.related(shared[0]))
        self.assertEqual(len(published[self.helper]), 1)  # unchanged, and published again

        self.check_problem_matcher(published)

        # Nothing changed: every TU comes from the facts cache.
        _, warm = self.save(client, SHARED_PATH)
        published, _ = self.save(client, SAFE)
        # The hazards are gone: both files' diagnostics are emptied.
        self.assertEqual(published, {self.test_file: [], self.helper: []})
        print(f"\nparready lsp: didSave round trip: {edited * 1000:.0f} ms after an edit of the test file, "
              f"{warm * 1000:.0f} ms with nothing changed", file=sys.stderr)

        # Opened after the analysis: the last result, without a run.
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(self.helper), "languageId": "cpp", "version": 1, "text": HELPER}})
        client.request(2, "shutdown")
        response, before = client.response(2)
        self.assertEqual([m["method"] for m in before], ["textDocument/publishDiagnostics"])
        self.assertEqual(before[0]["params"], {"uri": uri(self.helper), "diagnostics": []})
        self.assertIsNone(response["result"])
        client.notify("exit")
        self.assertEqual(client.wait(), 0, client.log())

    def check_problem_matcher(self, published):
        """The text report's warnings, read by the problem matcher of
        docs/lsp.md, are where and what the LSP diagnostics say."""
        matcher = problem_matcher()
        pattern = matcher["pattern"]
        regexp = re.compile(pattern["regexp"])
        text = subprocess.run([PARREADY, "-p", "build"], cwd=self.dir, capture_output=True, text=True,
                              timeout=TIMEOUT).stdout
        matched = []
        for line in text.splitlines():
            m = regexp.match(line)
            if m:
                matched.append((os.path.join(self.dir, m.group(pattern["file"])), int(m.group(pattern["line"])) - 1,
                                int(m.group(pattern["column"])) - 1, m.group(pattern["severity"]),
                                m.group(pattern["code"]), m.group(pattern["message"])))
        self.assertTrue(matched, text)
        expected = [(path, d["range"]["start"]["line"], d["range"]["start"]["character"], "warning", d["code"],
                     d["message"])
                    for path, diagnostics in published.items() for d in diagnostics
                    # Diagnostics at a test's call into a helper are the LSP's own.
                    if not (path == self.test_file and d["range"]["start"]["line"] == 3)]
        self.assertEqual(sorted(matched), sorted(expected), text)
        self.assertEqual(matcher["owner"], "parready")

    def test_a_missing_database_is_shown_and_the_server_keeps_running(self):
        client = self.start("-p", "nowhere")
        self.initialize(client)
        client.notify("textDocument/didSave", {"textDocument": {"uri": uri(self.test_file)}})
        shown = client.next()
        self.assertEqual(shown["method"], "window/showMessage")
        self.assertEqual(shown["params"]["type"], 1)
        self.assertIn("nowhere: no such directory", shown["params"]["message"])
        client.request(2, "shutdown")
        client.response(2)
        client.notify("exit")
        self.assertEqual(client.wait(), 0, client.log())

    def test_exit_without_shutdown_is_exit_code_1(self):
        client = self.start("-p", "build")
        self.initialize(client)
        client.notify("exit")
        self.assertEqual(client.wait(), 1, client.log())


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
