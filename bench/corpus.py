#!/usr/bin/env python3
"""Measure parready on a generated GoogleTest suite of realistic size, cold and warm.

    bench/corpus.py PARREADY_BINARY [--tests N] [--jobs J] [--repeat R] [--work DIR] [--json]

In this one invocation:

  1. generate a CMake project in WORK/project: a small library (a settings
     singleton, a file store, a socket helper, a clock helper, string
     utilities) and N GoogleTest files under tests/, a seeded mix of safe
     tests and tests with hazards parready reports (a fixed path several tests
     write, port 8080, the settings singleton's fixed directory, a shared
     environment variable, sleeps and upper time bounds); configure it into
     WORK/build with the CMake file-API query and compile_commands.json;
  2. measure, R times each (the median is reported), all with J jobs:
       fsyntax-only  clang-19 -fsyntax-only -w on every test TU (bench/run.py's
                     baseline); the largest max RSS of one clang process is the
                     memory yardstick;
       clang-tidy    clang-tidy-19 -p WORK/build on every test TU;
       cold          parready with an empty --cache-dir;
       warm          again, nothing changed;
       one changed   again, after a test was appended to one test file;
       cold -j1      parready cold with one job, for the -j speed-up;
       cold, no shared preamble   when parready lists --no-shared-preamble;
  3. print seconds and peak RSS of each, their ratios to fsyntax-only and to
     the largest clang process, whether parready meets its targets, and check
     that the reports agree: cold and warm byte-identical, one changed equal
     to cold but for the appended test, and each file's verdict against the
     one the generator meant.

Exit 0 when measured and the reports agree, 1 when they do not or parready
analysed nothing, 2 on a usage error. Python standard library only.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (bench/run.py: test selection, baseline, measuring)

# The generated corpus depends only on --tests: the same N gives the same files.
SEED = 20261128
TIDY_CHECKS = "-*,bugprone-*,cert-env33-c,concurrency-mt-unsafe"
# The test appended for the "one changed" run; its name is looked for in the report.
APPENDED_SUITE, APPENDED_NAME = "CorpusEdit", "AppendedTest"
APPENDED_TEST = "\nTEST(%s, %s) {\n  EXPECT_EQ(1 + 1, 2);\n}\n" % (APPENDED_SUITE, APPENDED_NAME)
MARKER = ".parready-corpus"  # in the work dir: this script may empty it

# ---------------------------------------------------------------- the library

LIBRARY = {
    "include/corpus/settings.h": """\
// The process-wide settings: one instance, with its defaults fixed at compile time.
#pragma once

#include <string>

namespace corpus {

class Settings {
public:
  static Settings &instance();

  const std::string &data_dir() const { return data_dir_; }
  void set_data_dir(const std::string &dir) { data_dir_ = dir; }
  bool verbose() const { return verbose_; }
  void set_verbose(bool verbose) { verbose_ = verbose; }
  int port() const { return port_; }

private:
  Settings() = default;

  std::string data_dir_ = "/tmp/corpus/data";
  bool verbose_ = false;
  int port_ = 8080;
};

} // namespace corpus
""",
    "src/settings.cpp": """\
#include "corpus/settings.h"

namespace corpus {

Settings &Settings::instance() {
  static Settings settings;
  return settings;
}

} // namespace corpus
""",
    "include/corpus/file_store.h": """\
// Files named by key under one directory, and the file helpers beneath it.
#pragma once

#include <string>

namespace corpus {

class FileStore {
public:
  explicit FileStore(std::string dir);

  const std::string &dir() const { return dir_; }
  void put(const std::string &key, const std::string &body) const;
  std::string get(const std::string &key) const;
  bool erase(const std::string &key) const;

private:
  std::string dir_;
};

/// A new private directory under /tmp (mkdtemp); empty on failure.
std::string make_scratch_dir();
void write_file(const std::string &path, const std::string &body);
std::string read_file(const std::string &path);

} // namespace corpus
""",
    "src/file_store.cpp": """\
#include "corpus/file_store.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

namespace corpus {

FileStore::FileStore(std::string dir) : dir_(std::move(dir)) {}

void FileStore::put(const std::string &key, const std::string &body) const {
  std::filesystem::create_directories(dir_);
  std::ofstream out(dir_ + "/" + key);
  out << body;
}

std::string FileStore::get(const std::string &key) const { return read_file(dir_ + "/" + key); }

bool FileStore::erase(const std::string &key) const { return std::filesystem::remove(dir_ + "/" + key); }

std::string make_scratch_dir() {
  char tmpl[] = "/tmp/corpus-scratch-XXXXXX";
  const char *dir = mkdtemp(tmpl);
  return dir ? dir : "";
}

void write_file(const std::string &path, const std::string &body) {
  std::ofstream out(path);
  out << body;
}

std::string read_file(const std::string &path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace corpus
""",
    "include/corpus/port.h": """\
// Loopback TCP sockets for tests of the server and its clients.
#pragma once

namespace corpus {

constexpr int kDefaultPort = 8080;

/// A socket listening on 127.0.0.1:port (0: a port the kernel picks); -1 on failure.
int listen_on(int port);
/// The port a socket is bound to.
int local_port(int fd);
/// A socket connected to 127.0.0.1:port; -1 on failure.
int connect_to(int port);
void close_socket(int fd);

} // namespace corpus
""",
    "src/port.cpp": """\
#include "corpus/port.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace corpus {

namespace {
sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<unsigned short>(port));
  return addr;
}
} // namespace

int listen_on(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = loopback(port);
  if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(fd, 4) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int local_port(int fd) {
  sockaddr_in addr{};
  socklen_t length = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &length) != 0)
    return -1;
  return ntohs(addr.sin_port);
}

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = loopback(port);
  if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void close_socket(int fd) { ::close(fd); }

} // namespace corpus
""",
    "include/corpus/clock.h": """\
// Wall-clock measurement and pauses.
#pragma once

#include <chrono>

namespace corpus {

class Stopwatch {
public:
  Stopwatch();
  long elapsed_ms() const;

private:
  std::chrono::steady_clock::time_point start_;
};

void pause_ms(int milliseconds);

} // namespace corpus
""",
    "src/clock.cpp": """\
#include "corpus/clock.h"

#include <thread>

namespace corpus {

Stopwatch::Stopwatch() : start_(std::chrono::steady_clock::now()) {}

long Stopwatch::elapsed_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_).count();
}

void pause_ms(int milliseconds) { std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds)); }

} // namespace corpus
""",
    "include/corpus/strings.h": """\
// String utilities.
#pragma once

#include <string>
#include <vector>

namespace corpus {

std::vector<std::string> split(const std::string &text, char separator);
std::string join(const std::vector<std::string> &parts, const std::string &separator);
std::string trim(const std::string &text);
std::string to_upper(std::string text);
bool starts_with(const std::string &text, const std::string &prefix);
std::string replace_all(std::string text, const std::string &from, const std::string &to);

} // namespace corpus
""",
    "src/strings.cpp": """\
#include "corpus/strings.h"

#include <algorithm>
#include <cctype>

namespace corpus {

std::vector<std::string> split(const std::string &text, char separator) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == separator)
      parts.emplace_back();
    else
      parts.back() += c;
  }
  return parts;
}

std::string join(const std::vector<std::string> &parts, const std::string &separator) {
  std::string result;
  for (size_t i = 0; i < parts.size(); ++i)
    result += (i ? separator : "") + parts[i];
  return result;
}

std::string trim(const std::string &text) {
  const size_t first = text.find_first_not_of(" \\t\\n");
  if (first == std::string::npos)
    return "";
  return text.substr(first, text.find_last_not_of(" \\t\\n") - first + 1);
}

std::string to_upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

bool starts_with(const std::string &text, const std::string &prefix) { return text.rfind(prefix, 0) == 0; }

std::string replace_all(std::string text, const std::string &from, const std::string &to) {
  for (size_t at = text.find(from); !from.empty() && at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

} // namespace corpus
""",
    "data/words.txt": "alpha beta gamma delta epsilon zeta eta theta iota kappa\n"
                      "lambda mu nu xi omicron pi rho sigma tau upsilon\n",
    "data/config.ini": "[corpus]\nname = parready corpus\nlevel = 3\n",
}

LIBRARY_SOURCES = sorted(path for path in LIBRARY if path.startswith("src/"))
HEADERS = {name: "corpus/%s.h" % name for name in ("settings", "file_store", "port", "clock", "strings")}

CMAKE = """\
# Generated by bench/corpus.py: a library and one GoogleTest program per test file.
cmake_minimum_required(VERSION 3.20)
project(parready_corpus LANGUAGES CXX)

set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)

find_package(GTest REQUIRED)
enable_testing()
include(GoogleTest)

add_library(corpus STATIC
%(sources)s
)
target_include_directories(corpus PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
target_compile_definitions(corpus PUBLIC CORPUS_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/data")

set(CORPUS_TESTS
%(tests)s
)
foreach(test_name IN LISTS CORPUS_TESTS)
  add_executable(${test_name} tests/${test_name}.cpp)
  target_link_libraries(${test_name} PRIVATE corpus GTest::gtest_main)
  gtest_discover_tests(${test_name})
endforeach()
"""

# ---------------------------------------------------------------- the tests

# One scenario per test file: (name, the file's area, verdict meant, weight,
# system headers, library headers, tests). $suite is the file's own suite, $n
# its number, so no two files share a test name or a private value. The safe
# ones are look-alikes of the hazards: the same APIs with private paths and ports.
SCENARIOS = [
    ("strings", "strings", "safe", 20, ["string", "vector"], ["strings"], """\
TEST($suite, SplitsOnComma) {
  const std::vector<std::string> parts = corpus::split("a,b,,$n", ',');
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[3], "$n");
}

TEST($suite, JoinsWithDash) {
  EXPECT_EQ(corpus::join({"x", "$n"}, "-"), "x-$n");
}

TEST($suite, TrimsAndUpperCases) {
  EXPECT_EQ(corpus::to_upper(corpus::trim("  id$n  ")), "ID$n");
  EXPECT_EQ(corpus::replace_all("a-b-$n", "-", "+"), "a+b+$n");
}
"""),
    ("scratch store", "store", "safe", 10, ["filesystem", "string"], ["file_store"], """\
class $suite : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = corpus::make_scratch_dir();
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

TEST_F($suite, PutThenGet) {
  corpus::FileStore store(dir_);
  store.put("item-$n.txt", "value $n");
  EXPECT_EQ(store.get("item-$n.txt"), "value $n");
}

TEST_F($suite, EraseRemovesTheFile) {
  corpus::FileStore store(dir_);
  store.put("gone.txt", "x");
  EXPECT_TRUE(store.erase("gone.txt"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/gone.txt"));
}
"""),
    ("mkdtemp fixture", "cache", "safe", 6, ["filesystem", "fstream", "stdlib.h", "string"], ["file_store"], """\
class $suite : public ::testing::Test {
protected:
  void SetUp() override {
    char tmpl[] = "/tmp/corpus-cache-$n-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F($suite, WritesTheIndex) {
  std::ofstream(dir_ / "index.txt") << "entry $n\\n";
  EXPECT_EQ(corpus::read_file((dir_ / "index.txt").string()), "entry $n\\n");
}

TEST_F($suite, StoresUnderItsDirectory) {
  corpus::FileStore store(dir_.string());
  store.put("blob", "$n");
  EXPECT_TRUE(std::filesystem::exists(dir_ / "blob"));
}
"""),
    ("TempDir and the test's name", "report", "safe", 12, ["cstdio", "string"], ["file_store"], """\
std::string PerTestPath(const std::string &suffix) {
  const ::testing::TestInfo *info = ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "corpus-$n-" + info->name() + suffix;
}

TEST($suite, WritesTheSummary) {
  const std::string path = PerTestPath(".txt");
  corpus::write_file(path, "summary $n");
  EXPECT_EQ(corpus::read_file(path), "summary $n");
  std::remove(path.c_str());
}

TEST($suite, WritesTheDetails) {
  const std::string path = PerTestPath(".csv");
  corpus::write_file(path, "id,value\\n$n,1\\n");
  EXPECT_NE(corpus::read_file(path).find("$n,1"), std::string::npos);
  std::remove(path.c_str());
}
"""),
    ("port 0", "socket", "safe", 10, [], ["port"], """\
TEST($suite, ListensOnAnEphemeralPort) {
  const int fd = corpus::listen_on(0);
  ASSERT_GE(fd, 0);
  EXPECT_GT(corpus::local_port(fd), 0);
  corpus::close_socket(fd);
}

TEST($suite, ClientReachesTheServer) {
  const int server = corpus::listen_on(0);
  ASSERT_GE(server, 0);
  const int client = corpus::connect_to(corpus::local_port(server));
  EXPECT_GE(client, 0);
  corpus::close_socket(client);
  corpus::close_socket(server);
}
"""),
    ("read-only data", "data", "safe", 12, ["fstream", "string", "vector"], ["file_store", "strings"], """\
TEST($suite, ReadsTheWordList) {
  std::ifstream in(CORPUS_DATA_DIR "/words.txt");
  std::string word;
  int count = 0;
  while (in >> word)
    ++count;
  EXPECT_GE(count, $k);
}

TEST($suite, ParsesTheConfig) {
  const std::string text = corpus::read_file(std::string(CORPUS_DATA_DIR) + "/config.ini");
  const std::vector<std::string> lines = corpus::split(text, '\\n');
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(corpus::starts_with(lines[0], "[corpus]"));
}
"""),
    ("lower time bound", "clock", "safe", 6, [], ["clock", "settings", "port"], """\
TEST($suite, StopwatchAdvances) {
  corpus::Stopwatch watch;
  corpus::pause_ms($ms);
  EXPECT_GE(watch.elapsed_ms(), $ms);
}

TEST($suite, DefaultPortIsConfigured) {
  EXPECT_EQ(corpus::Settings::instance().port(), corpus::kDefaultPort);
}
"""),
    ("environment set and unset", "profile", "safe", 4, ["cstdlib", "string"], [], """\
std::string Profile() {
  const char *value = std::getenv("CORPUS_PROFILE_$n");
  return value ? value : "default";
}

TEST($suite, ReadsTheOverride) {
  setenv("CORPUS_PROFILE_$n", "fast", 1);
  EXPECT_EQ(Profile(), "fast");
  unsetenv("CORPUS_PROFILE_$n");
}

TEST($suite, DefaultsWithoutOverride) {
  EXPECT_EQ(Profile(), "default");
}
"""),
    ("fixed path /tmp/corpus/shared.db", "export", "fixable", 7, ["fstream", "string"], ["file_store"], """\
TEST($suite, ExportsTheDatabase) {
  corpus::write_file("/tmp/corpus/shared.db", "rows $n");
  EXPECT_FALSE(corpus::read_file("/tmp/corpus/shared.db").empty());
}

TEST($suite, AppendsToTheDatabase) {
  std::ofstream out("/tmp/corpus/shared.db", std::ios::app);
  out << "row $n\\n";
  EXPECT_TRUE(out.good());
}
"""),
    ("fixed port 8080", "server", "fixable", 4, [], ["port", "settings"], """\
TEST($suite, ListensOnTheDefaultPort) {
  const int fd = corpus::listen_on(corpus::kDefaultPort);
  ASSERT_GE(fd, 0);
  corpus::close_socket(fd);
}

TEST($suite, ListensOnTheConfiguredPort) {
  const int fd = corpus::listen_on(corpus::Settings::instance().port());
  ASSERT_GE(fd, 0);
  corpus::close_socket(fd);
}
"""),
    ("the settings singleton's directory and state", "settings", "fixable", 4, [], ["settings", "file_store"], """\
TEST($suite, SavesStateUnderTheDataDir) {
  corpus::FileStore store(corpus::Settings::instance().data_dir());
  store.put("state.json", "{\\"n\\": $n}");
  EXPECT_FALSE(store.get("state.json").empty());
}

TEST($suite, EnablesVerboseLogging) {
  corpus::Settings::instance().set_verbose(true);
  EXPECT_TRUE(corpus::Settings::instance().verbose());
}

TEST($suite, LogsQuietlyByDefault) {
  EXPECT_FALSE(corpus::Settings::instance().verbose());
}
"""),
    ("a shared environment variable", "env", "fixable", 3, ["cstdlib", "string"], [], """\
TEST($suite, UsesTheHomeOverride) {
  setenv("CORPUS_HOME", "/tmp/corpus/home-$n", 1);
  EXPECT_STREQ(std::getenv("CORPUS_HOME"), "/tmp/corpus/home-$n");
}

TEST($suite, FindsTheHome) {
  const char *home = std::getenv("CORPUS_HOME");
  ASSERT_NE(home, nullptr);
  EXPECT_NE(std::string(home).find("/tmp/corpus"), std::string::npos);
}
"""),
    ("sleep and an upper time bound", "worker", "serial", 2, ["atomic", "chrono", "thread"], ["clock"], """\
TEST($suite, ProcessesInTheBackground) {
  std::atomic<int> done{0};
  std::thread worker([&done] { done = 1; });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(done.load(), 1);
  worker.join();
}

TEST($suite, FlushIsFast) {
  corpus::Stopwatch watch;
  corpus::pause_ms(10);
  EXPECT_LT(watch.elapsed_ms(), 50);
}
"""),
]

# Pure tests that pad a file, with the system headers they need.
FILLERS = [
    (["algorithm", "vector"], """\
TEST(${suite}Basics, SortsValues) {
  std::vector<int> values{$n, 3, 1, 2};
  std::sort(values.begin(), values.end());
  EXPECT_TRUE(std::is_sorted(values.begin(), values.end()));
}
"""),
    (["map", "string"], """\
TEST(${suite}Basics, CountsWords) {
  std::map<std::string, int> counts;
  for (const char *word : {"a", "b", "a"})
    ++counts[word];
  EXPECT_EQ(counts["a"], 2);
  EXPECT_EQ(counts.size(), 2u);
}
"""),
    (["sstream", "string"], """\
TEST(${suite}Basics, FormatsNumbers) {
  std::ostringstream out;
  out << "n=" << $n;
  EXPECT_EQ(out.str(), "n=$n");
}
"""),
    (["numeric", "vector"], """\
TEST(${suite}Basics, SumsValues) {
  const std::vector<int> values{1, 2, $n};
  EXPECT_EQ(std::accumulate(values.begin(), values.end(), 0), 3 + $n);
}
"""),
    (["optional"], """\
TEST(${suite}Basics, EmptyOptionalHasNoValue) {
  std::optional<int> value;
  EXPECT_FALSE(value.has_value());
  value = $n;
  EXPECT_EQ(*value, $n);
}
"""),
]

EXTRA_HEADERS = ["algorithm", "map", "memory", "sstream", "string", "vector"]


def test_file(number, scenario, rng):
    """The text of one test file: gtest first, then system headers, then 1-3 library headers."""
    name, area, verdict, _, system, library, body = scenario
    suite = "%s%03d" % (area.capitalize(), number)
    values = {"suite": suite, "n": str(number), "k": str(number % 10 + 1), "ms": str(number % 5 + 1)}
    fillers = rng.sample(FILLERS, rng.randint(1, 2))
    system = set(system) | set(rng.sample(EXTRA_HEADERS, rng.randint(0, 2)))
    for headers, _ in fillers:
        system |= set(headers)
    library = list(library)
    others = [h for h in HEADERS if h not in library]
    while len(library) < 3 and (not library or rng.random() < 0.3):
        library.append(others.pop(rng.randrange(len(others))))
    lines = ["// Generated by bench/corpus.py: test file %d, %s (meant to be %s)." % (number, name, verdict),
             "#include <gtest/gtest.h>", ""]
    lines += ["#include <%s>" % h for h in sorted(system)] + [""]
    lines += ['#include "%s"' % HEADERS[h] for h in sorted(library)] + [""]
    lines += ["namespace {", ""]
    text = "\n".join(lines) + "\n" + string.Template(body).substitute(values)
    for _, filler in fillers:
        text += "\n" + string.Template(filler).substitute(values)
    return text + "\n} // namespace\n"


def generate(project, count):
    """Write the project; return {test file relative to the project: verdict meant}."""
    rng = random.Random(SEED)
    # Every scenario once (as far as `count` goes), the rest by weight, shuffled:
    # a small corpus still has each hazard.
    kinds = list(SCENARIOS) + rng.choices(SCENARIOS, [s[3] for s in SCENARIOS],
                                          k=max(0, count - len(SCENARIOS)))
    rng.shuffle(kinds)
    meant, names = {}, []
    for path, text in LIBRARY.items():
        write(os.path.join(project, path), text)
    for number, scenario in enumerate(kinds[:count]):
        name = "test_%s_%03d" % (scenario[1], number)
        write(os.path.join(project, "tests", name + ".cpp"), test_file(number, scenario, rng))
        meant["tests/%s.cpp" % name] = scenario[2]
        names.append(name)
    write(os.path.join(project, "CMakeLists.txt"), CMAKE % {
        "sources": "\n".join("  " + s for s in LIBRARY_SOURCES),
        "tests": "\n".join("  " + n for n in names)})
    write(os.path.join(project, "expected-verdicts.txt"),
          "".join("%s %s\n" % (v, p) for p, v in sorted(meant.items())))
    return meant


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def configure(project, build):
    # The file-API query first, so that CMake's reply tells parready the programs.
    query = os.path.join(build, ".cmake", "api", "v1", "query", "client-parready")
    os.makedirs(query, exist_ok=True)
    open(os.path.join(query, "codemodel-v2"), "w").close()
    result = subprocess.run(["cmake", "-S", project, "-B", build, "-G", "Ninja",
                             "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        run.fail("cmake could not configure the corpus (needs cmake, ninja, libgtest-dev):\n" +
                 result.stdout[-2000:])


def prepare_work(work):
    """Empty the work dir, refusing to when this script did not make it."""
    if os.path.isdir(work) and os.listdir(work) and not os.path.exists(os.path.join(work, MARKER)):
        run.fail("%s is not empty and was not made by bench/corpus.py; give another --work" % work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    open(os.path.join(work, MARKER), "w").close()


# ---------------------------------------------------------------- measuring

def options_of(binary):
    """The options `parready --help` lists."""
    try:
        text = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=30).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return set()
    return {word.split("=")[0] for word in text.split() if word.startswith("--")}


def run_parready(binary, build, project, jobs, report, cache_dir, extra):
    """One measured parready run; its report's bytes (None when it wrote none)."""
    if os.path.exists(report):
        os.remove(report)
    argv = [binary, "-p", build, "--jobs", str(jobs), "--format", "json", "-o", report,
            "--fail-on=never"] + extra
    if cache_dir:
        # Emptied by the caller for a cold run, kept for a warm one.
        argv += ["--cache-dir", cache_dir]
    stderr_path = report + ".err"
    # Run in the project, so that the report's paths are tests/... as `meant` has them.
    code, wall, rss, cpu = run.run_measured(argv, project, stderr_path)
    try:
        with open(report, "rb") as f:
            data = f.read()
    except OSError:
        data = None
    return {"wall_s": wall, "max_rss_bytes": rss, "cpu_s": cpu, "exit_code": code,
            "report": data, "stderr": run.first_lines(stderr_path, 5)}


def empty_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)


def measure_round(ctx, index):
    """Every measurement once, in the same order each round; {name: figures}."""
    jobs, results = ctx["jobs"], {}

    def parready(name, jobs_, cache, extra=()):
        report = os.path.join(ctx["reports"], "%s-%d.json" % (name, index))
        results[name] = run_parready(ctx["binary"], ctx["build"], ctx["project"], jobs_, report,
                                     cache, ctx["verbose"] + list(extra))

    def cold_cache(name):
        if not ctx["cache"]:
            return None
        cache = os.path.join(ctx["work"], "cache", name)
        empty_dir(cache)
        return cache

    progress(ctx, "round %d/%d: clang-19 -fsyntax-only" % (index + 1, ctx["repeat"]))
    results["fsyntax-only"] = run.run_baseline(ctx["units"], ctx["clang"], jobs, ctx["scratch"])
    if ctx["tidy"]:
        progress(ctx, "round %d/%d: clang-tidy" % (index + 1, ctx["repeat"]))
        results["clang-tidy"] = run.run_pool(
            [(u["file"], [ctx["tidy"], "-p", ctx["build"], "--quiet", "-checks=" + TIDY_CHECKS, u["file"]],
              u["directory"]) for u in ctx["units"]], jobs, ctx["scratch"], "clang-tidy")
    progress(ctx, "round %d/%d: parready cold, warm, one changed" % (index + 1, ctx["repeat"]))
    cache = cold_cache("cold")
    baseline = os.path.join(ctx["reports"], "baseline-%d.json" % index)
    parready("cold", jobs, cache, ["--write-baseline", baseline])
    if cache:
        parready("warm", jobs, cache)
        # What adoption adds to a warm run: the configuration of every test
        # file (a re-graded rule, every test declared), each test file read
        # for suppression comments, and the baseline compared.
        config = os.path.join(ctx["project"], ".parready.json")
        with open(config, "w") as f:
            json.dump(ADOPTION_CONFIG, f)
        try:
            parready("adopted", jobs, cache, ["--baseline", baseline])
        finally:
            os.remove(config)
        with open(ctx["edited"], "rb") as f:
            original = f.read()
        with open(ctx["edited"], "ab") as f:
            f.write(APPENDED_TEST.encode())
        try:
            parready("one-changed", jobs, cache)
            # The pre-commit hook on a commit that changes that file once more:
            # one parse again, then only the findings the change is in.
            with open(ctx["edited"], "ab") as f:
                f.write(b"// amended\n")
            parready("pre-commit", jobs, cache, ["--changed-only", ctx["edited"]])
        finally:
            # The other measurements, and the next round, see the file as generated.
            with open(ctx["edited"], "wb") as f:
                f.write(original)
    if jobs > 1:
        progress(ctx, "round %d/%d: parready cold -j1" % (index + 1, ctx["repeat"]))
        parready("cold-j1", 1, cold_cache("cold-j1"))
        # What -jN gives Clang itself on this machine: the ceiling of any
        # parser's speed-up (2 vCPUs that are hyperthreads of one core give
        # far less than 2x).
        progress(ctx, "round %d/%d: clang-19 -fsyntax-only -j1" % (index + 1, ctx["repeat"]))
        results["fsyntax-only-j1"] = run.run_baseline(ctx["units"], ctx["clang"], 1, ctx["scratch"])
    if ctx["no_preamble"]:
        progress(ctx, "round %d/%d: parready cold --no-shared-preamble" % (index + 1, ctx["repeat"]))
        parready("no-shared-preamble", jobs, cold_cache("no-shared-preamble"), ["--no-shared-preamble"])
    return results


def progress(ctx, message):
    if not ctx["quiet"]:
        print("corpus: " + message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- checking

def without_appended_test(report, edited):
    """The one-changed report as the cold one must read: the appended test taken out again."""
    for entry in report["files"]:
        if entry["path"] == edited:
            kept = [t for t in entry["tests"] if t["name"] != "%s.%s" % (APPENDED_SUITE, APPENDED_NAME)]
            if len(kept) != len(entry["tests"]) - 1:
                return None  # the appended test is not there: the edit went unseen
            entry["tests"] = kept
            report["summary"]["tests"] -= 1
            return report
    return None


def check_reports(rounds, edited):
    """(the reports compared with the cold one, the problems where they must agree and do not)."""
    compared, problems = set(), []
    first = rounds[0]["cold"]["report"]
    for index, results in enumerate(rounds):
        cold = results["cold"]["report"]
        tag = " (round %d)" % (index + 1) if len(rounds) > 1 else ""
        if index:
            compared.add("the cold runs of every round")
            if cold != first:
                problems.append("the cold report differs from round 1's" + tag)
        for name in ("warm", "cold-j1", "no-shared-preamble"):
            if name in results:
                compared.add(LABELS[name])
                if results[name]["report"] != cold:
                    problems.append("%s: report not byte-identical to the cold one%s" % (LABELS[name], tag))
        if "adopted" in results:
            compared.add(LABELS["adopted"] + " (every finding in the baseline)")
            adopted = json.loads(results["adopted"]["report"] or "{}")
            summary = adopted.get("summary", {})
            if summary.get("baselined") != summary.get("findings") or not summary.get("findings"):
                problems.append("%s: %s of %s findings baselined%s" % (
                    LABELS["adopted"], summary.get("baselined"), summary.get("findings"), tag))
        if "one-changed" in results:
            compared.add(LABELS["one-changed"] + " (but for the appended test)")
            changed = results["one-changed"]["report"]
            restored = without_appended_test(json.loads(changed), edited) if changed else None
            if restored is None:
                problems.append("the one-changed report does not list %s.%s in %s%s" % (
                    APPENDED_SUITE, APPENDED_NAME, edited, tag))
            elif restored != json.loads(cold):
                problems.append("the one-changed report differs from the cold one beyond the "
                                "appended test" + tag)
    return sorted(compared), problems


def compare_verdicts(report, meant):
    """(files whose verdict is the one meant, [(path, meant, reported)] for the others)."""
    reported = {entry["path"]: entry["verdict"] for entry in report["files"]}
    mismatches = [(path, verdict, reported.get(path, "missing"))
                  for path, verdict in sorted(meant.items()) if reported.get(path) != verdict]
    return len(meant) - len(mismatches), mismatches


# ---------------------------------------------------------------- reporting

# A configuration that touches every finding and every test, but not the
# catalog (which would make the cache cold): the cost of the config stage.
ADOPTION_CONFIG = {
    "rules": {"parready-shared-path": "serial"},
    "tests": [{"name": "*", "verdict": "serial", "reason": "bench: every test looked up"}],
}

ROWS = [  # (key, label)
    ("fsyntax-only", "clang-19 -fsyntax-only -w"),
    ("fsyntax-only-j1", "clang-19 -fsyntax-only -w, -j1"),
    ("clang-tidy", "clang-tidy-19"),
    ("cold", "parready cold"),
    ("warm", "parready warm, nothing changed"),
    ("one-changed", "parready warm, one file changed"),
    ("adopted", "parready warm, .parready.json and --baseline"),
    ("pre-commit", "parready --changed-only, that file changed again"),
    ("cold-j1", "parready cold -j1"),
    ("no-shared-preamble", "parready cold --no-shared-preamble"),
]
LABELS = dict(ROWS)


def summarise(rounds):
    """{key: median figures} over the rounds, for every measurement taken."""
    mb = 1024.0 * 1024.0
    figures = {}
    for key, _ in ROWS:
        runs = [r[key] for r in rounds if key in r]
        if runs:
            figures[key] = {
                "wall_s": statistics.median(r["wall_s"] for r in runs),
                "cpu_s": statistics.median(r["cpu_s"] for r in runs),
                "max_rss_mb": statistics.median(r["max_rss_bytes"] for r in runs) / mb,
                "runs_wall_s": [r["wall_s"] for r in runs],
            }
    base, largest = figures["fsyntax-only"]["wall_s"], figures["fsyntax-only"]["max_rss_mb"]
    for entry in figures.values():
        entry["time_ratio"] = run.ratio(entry["wall_s"], base)
        entry["memory_ratio"] = run.ratio(entry["max_rss_mb"], largest)
    return figures


def targets(figures, jobs):
    """[(what, value, limit, at_most)]; value None when it was not measured."""
    def of(key, field):
        return figures[key][field] if key in figures else None

    def over(a, b):
        return a / b if a is not None and b else None

    cold = of("cold", "wall_s")
    speedup_limit = 0.9 * jobs
    parready_rss = max((f["max_rss_mb"] for k, f in figures.items()
                        if k not in ("fsyntax-only", "fsyntax-only-j1", "clang-tidy")))
    parready_speedup = over(of("cold-j1", "wall_s"), cold) if jobs > 1 else None
    clang_speedup = over(of("fsyntax-only-j1", "wall_s"), of("fsyntax-only", "wall_s")) if jobs > 1 else None
    return [
        ("cold <= 0.6x fsyntax-only (shared preambles)", of("cold", "time_ratio"), 0.6, True),
        ("cold <= 1.0x fsyntax-only without shared preambles", of("no-shared-preamble", "time_ratio"), 1.0, True),
        ("warm <= 0.05x cold", over(of("warm", "wall_s"), cold), 0.05, True),
        ("one changed <= 0.1x cold", over(of("one-changed", "wall_s"), cold), 0.1, True),
        ("warm with .parready.json and --baseline <= 1.5x warm", over(of("adopted", "wall_s"), of("warm", "wall_s")),
         1.5, True),
        ("--changed-only <= 1.2x one changed (the pre-commit hook)",
         over(of("pre-commit", "wall_s"), of("one-changed", "wall_s")), 1.2, True),
        ("jobs %d speed-up >= %.1fx" % (jobs, speedup_limit), parready_speedup, speedup_limit, False),
        ("jobs %d speed-up of clang-19 -fsyntax-only itself (the machine's)" % jobs, clang_speedup, None, False),
        ("jobs %d speed-up >= 0.9x clang's own" % jobs, over(parready_speedup, clang_speedup), 0.9, False),
        ("peak RSS <= 1.5x the largest clang process",
         run.ratio(parready_rss, figures["fsyntax-only"]["max_rss_mb"]), 1.5, True),
    ]


def mark(value, limit, at_most):
    if value is None:
        return "not measured"
    if limit is None:
        return "for reference"
    return "met" if (value <= limit if at_most else value >= limit) else "not met"


def print_table(figures, jobs):
    header = ["measurement (-j%d)" % jobs, "s", "x fsyntax-only", "peak MB", "x clang"]
    rows = [[label, run.fmt(figures[key]["wall_s"], 2), run.fmt(figures[key]["time_ratio"], 3),
             run.fmt(figures[key]["max_rss_mb"], 1), run.fmt(figures[key]["memory_ratio"], 2)]
            for key, label in ROWS if key in figures]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    for r in [header] + rows:
        print(r[0].ljust(widths[0]) + "  " + "  ".join(c.rjust(w) for c, w in zip(r[1:], widths[1:])))


def main():
    parser = argparse.ArgumentParser(
        description="Generate a GoogleTest corpus and measure parready cold, warm and after one "
                    "change, against clang-19 -fsyntax-only and clang-tidy-19 on the same TUs.")
    parser.add_argument("parready", metavar="PARREADY_BINARY")
    parser.add_argument("--tests", type=int, default=200, help="test files to generate (default 200)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="processes or TUs at a time, for every measurement (default: all cores)")
    parser.add_argument("--repeat", "-r", type=int, default=1,
                        help="rounds of measurements; medians are reported (default 1)")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "parready-corpus"),
                        help="directory for the project, build, caches and reports (emptied first; "
                             "default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    if args.tests < 1 or args.jobs < 1 or args.repeat < 1:
        run.fail("--tests, --jobs and --repeat must be at least 1")
    binary = os.path.abspath(args.parready) if os.sep in args.parready else shutil.which(args.parready)
    if not binary or not os.access(binary, os.X_OK):
        run.fail("%s: not an executable" % args.parready)
    clang = shutil.which("clang-19")
    if not clang:
        run.fail("clang-19: not found (apt-get install clang-19)")
    started = time.perf_counter()
    binary_stamp = os.stat(binary).st_mtime_ns

    notes = []
    options = options_of(binary)
    tidy = shutil.which("clang-tidy-19")
    if not tidy:
        notes.append("clang-tidy-19 is not installed (apt-get install clang-tidy-19): not measured")
    cache = "--cache-dir" in options
    if not cache:
        notes.append("parready lists no --cache-dir: run without a cache, warm runs cannot be measured yet")
    no_preamble = "--no-shared-preamble" in options
    if not no_preamble:
        notes.append("parready lists no --no-shared-preamble: the effect of shared preambles is not available")

    work = os.path.abspath(args.work)
    prepare_work(work)
    ctx = {"binary": binary, "clang": clang, "tidy": tidy, "jobs": args.jobs, "repeat": args.repeat,
           "quiet": args.json, "work": work, "project": os.path.join(work, "project"),
           "build": os.path.join(work, "build"), "reports": os.path.join(work, "reports"),
           "scratch": os.path.join(work, "scratch"), "cache": cache, "no_preamble": no_preamble,
           # The cache's reasons for not using or storing a record, in each run's .err file:
           # what to read when a warm run is not warm.
           "verbose": ["--verbose"] if cache and "--verbose" in options else []}
    os.makedirs(ctx["reports"])
    os.makedirs(ctx["scratch"])
    progress(ctx, "generating %d test files in %s" % (args.tests, ctx["project"]))
    meant = generate(ctx["project"], args.tests)
    configure(ctx["project"], ctx["build"])
    names, _ = run.load_test_macros(os.path.join(run.SCRIPT_DIR, "..", "rules"))
    units, database_files = run.select_test_units(ctx["build"], names)
    edited = sorted(meant)[len(meant) // 2]
    ctx.update(units=units, edited=os.path.join(ctx["project"], edited))

    # One unmeasured parse first: it reads GoogleTest's and the library's headers into
    # the page cache, so the first measurement does not pay for the disk alone.
    run.run_baseline(units[:1], clang, 1, ctx["scratch"])
    busy_before, measuring = run.busy_cpu_seconds(), time.perf_counter()
    rounds = [measure_round(ctx, index) for index in range(args.repeat)]
    busy_after, elapsed = run.busy_cpu_seconds(), time.perf_counter() - measuring

    # The rest of the machine's load meanwhile, in CPUs, as bench/run.py reports it.
    our_cpu = sum(r["cpu_s"] for results in rounds for r in results.values())
    other_load = None
    if busy_before is not None and busy_after is not None and elapsed > 0:
        other_load = max(0.0, (busy_after - busy_before - our_cpu) / elapsed)
        if other_load > 0.2:
            run.warn("other processes kept %.1f CPUs busy during the runs: the seconds are noisy"
                     % other_load)
    if os.stat(binary).st_mtime_ns != binary_stamp:
        run.warn("%s was rebuilt during the run: the figures mix two binaries; run again" % binary)

    last = rounds[-1]
    for name in ("fsyntax-only", "clang-tidy"):
        for file, code, lines in last.get(name, {}).get("failures", []):
            run.warn("%s failed on %s (exit %d)\n%s" % (name, file, code, lines))
    for name, result in last.items():
        if "exit_code" in result and result["exit_code"] != 0:
            run.warn("parready (%s) exited with %d\n%s" % (name, result["exit_code"], result["stderr"]))
    if last["cold"]["report"] is None:
        print("corpus: error: parready wrote no report (exit %d)\n%s" % (
            last["cold"]["exit_code"], last["cold"]["stderr"]), file=sys.stderr)
        return 1

    figures = summarise(rounds)
    goals = targets(figures, args.jobs)
    compared, problems = check_reports(rounds, edited)
    matching, mismatches = compare_verdicts(json.loads(last["cold"]["report"]), meant)
    total = time.perf_counter() - started

    if args.json:
        json.dump({
            "tests": len(units), "database_files": database_files, "jobs": args.jobs,
            "repeat": args.repeat, "cpus": os.cpu_count(), "other_load_cpus": other_load,
            "work": work, "edited_file": edited, "notes": notes,
            "versions": {"clang": run.version_line([clang, "--version"]),
                         "clang_tidy": run.version_line([tidy, "--version"]) if tidy else None,
                         "parready": run.version_line([binary, "--version"])},
            "measurements": figures,
            "largest_clang_max_rss_mb": figures["fsyntax-only"]["max_rss_mb"],
            "targets": [{"target": what, "value": value, "limit": limit,
                         "met": None if value is None or limit is None else mark(value, limit, at_most) == "met"}
                        for what, value, limit, at_most in goals],
            "reports_compared": compared,
            "report_problems": problems,
            "verdicts": {"as_meant": matching, "files": len(meant),
                         "mismatches": [{"path": p, "meant": m, "reported": r} for p, m, r in mismatches]},
            "elapsed_s": total,
        }, sys.stdout, indent=2)
        print()
    else:
        print("corpus: %d test TUs of %d in the database, -j%d, %d round(s), %d CPUs; parready "
              "also parses the %d library files it follows" % (
                  len(units), database_files, args.jobs, args.repeat, os.cpu_count() or 1,
                  database_files - len(units)))
        for note in notes:
            print("note: " + note)
        print()
        print_table(figures, args.jobs)
        print("x fsyntax-only: wall time / clang-19 -fsyntax-only's; x clang: peak RSS / the "
              "largest single clang-19 process (%.1f MB)" % figures["fsyntax-only"]["max_rss_mb"])
        print()
        print("targets:")
        for what, value, limit, at_most in goals:
            print("  %-64s %8s  %s" % (what, run.fmt(value, 3), mark(value, limit, at_most)))
        print()
        print("verdicts: %d of %d test files as generated%s" % (
            matching, len(meant), "; not as meant:" if mismatches else ""))
        for path, verdict, reported in mismatches:
            print("  %s: meant %s, reported %s" % (path, verdict, reported))
        if problems:
            print("reports: DISAGREE (below)")
        elif compared:
            print("reports: the same as the cold one: " + "; ".join(compared))
        else:
            print("reports: only one parready run, nothing to compare")
        print("took %.0f s; reports and parready's stderr in %s" % (total, ctx["reports"]))
    for problem in problems:
        print("corpus: WARNING: REPORTS DISAGREE: %s" % problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
