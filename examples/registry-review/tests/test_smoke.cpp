// SERIAL: writes, reads and deletes the user's real config file, Settings config_file = $HOME/.registry-review/config, shared by every process of the user.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "registry/io.h"
#include "registry/llm.h"
#include "registry/session_store.h"
#include "registry/settings.h"
#include "support/registry_test.h"

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

class Smoke : public testing_support::RegistryTest {
protected:
    void write_config(const std::string& text) {
        const std::filesystem::path config = Settings::instance().config_file;
        std::filesystem::create_directories(config.parent_path());
        write_text(config, text);
    }
    void TearDown() override {
        if (!work_.empty()) std::filesystem::remove_all(work_);
        RegistryTest::TearDown();
    }

    std::filesystem::path work_;  // scratch directory of the end-to-end test
};

TEST_F(Smoke, WritesAndReadsUserConfig) {
    write_config("sessions_dir=/tmp/registry-review/data/sessions\nmodel=small\n");
    simulate_llm_call();  // the CLI starts, greets the user and lists the projects
    simulate_llm_call();
    simulate_llm_call();
    const std::string text = read_text(Settings::instance().config_file);
    EXPECT_EQ(config_value(text, "sessions_dir"), "/tmp/registry-review/data/sessions");
    EXPECT_EQ(config_value(text, "model"), "small");
    std::filesystem::remove(Settings::instance().config_file);
}

TEST_F(Smoke, ModelCanBeSwitchedInConfig) {
    write_config("model=large\ntemperature=0\n");
    simulate_llm_call();  // a review with the large model
    simulate_llm_call();
    simulate_llm_call();
    const std::string text = read_text(Settings::instance().config_file);
    EXPECT_EQ(config_value(text, "model"), "large");
    EXPECT_EQ(config_value(text, "temperature"), "0");
    std::filesystem::remove(Settings::instance().config_file);
}

TEST_F(Smoke, ConfiguredSessionsDirIsUsedEndToEnd) {
    char tmpl[] = "/tmp/rr-smoke-XXXXXX";
    const char* made = mkdtemp(tmpl);
    ASSERT_NE(made, nullptr);
    work_ = made;
    const std::filesystem::path work = work_;

    write_config("sessions_dir=" + (work / "sessions").string() + "\n");
    simulate_llm_call();
    simulate_llm_call();
    const std::string configured = config_value(read_text(Settings::instance().config_file), "sessions_dir");
    ASSERT_EQ(configured, (work / "sessions").string()) << "config was changed underneath us";
    Settings::instance().set_sessions_dir(configured);

    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("C06-4997");
    EXPECT_EQ(store.dir(), work / "sessions");
    EXPECT_EQ(store.most_recent(), id);

    std::filesystem::remove(Settings::instance().config_file);
}

}  // namespace
