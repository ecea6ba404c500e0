// SERIAL: the smoke tests exercise the real user configuration file,
// $HOME/.registry-review/config, shared by every process of the user.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "registry/io.h"
#include "registry/session_store.h"
#include "registry/settings.h"

using namespace registry;

namespace {

// "key=value" lines; the value of `key`, or "" when absent.
std::string config_value(const std::string& config, const std::string& key) {
    const std::string prefix = key + "=";
    std::istringstream lines(config);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
    return {};
}

TEST(Smoke, WritesAndReadsUserConfig) {
    const char* home = std::getenv("HOME");
    if (home == nullptr) GTEST_SKIP() << "HOME is not set";
    const std::string config = std::string(home) + "/.registry-review/config";

    std::filesystem::create_directories(std::string(home) + "/.registry-review");
    {
        std::ofstream out(config, std::ios::trunc);
        out << "sessions_dir=/tmp/registry-review/data/sessions\nmodel=small\n";
    }
    const std::string text = read_text(config);
    EXPECT_EQ(config_value(text, "sessions_dir"), "/tmp/registry-review/data/sessions");
    EXPECT_EQ(config_value(text, "model"), "small");
    std::filesystem::remove(config);
}

TEST(Smoke, ConfiguredSessionsDirIsUsedEndToEnd) {
    const char* home = std::getenv("HOME");
    if (home == nullptr) GTEST_SKIP() << "HOME is not set";
    const std::string config = std::string(home) + "/.registry-review/config";

    char tmpl[] = "/tmp/rr-smoke-XXXXXX";
    const char* made = mkdtemp(tmpl);
    ASSERT_NE(made, nullptr);
    const std::filesystem::path work = made;

    std::filesystem::create_directories(std::string(home) + "/.registry-review");
    {
        std::ofstream out(config, std::ios::trunc);
        out << "sessions_dir=" << (work / "sessions").string() << "\n";
    }
    Settings::instance().set_sessions_dir(config_value(read_text(config), "sessions_dir"));

    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("C06-4997");
    EXPECT_EQ(store.dir(), work / "sessions");
    EXPECT_EQ(store.most_recent(), id);

    std::filesystem::remove(config);
    std::filesystem::remove_all(work);
}

}  // namespace
