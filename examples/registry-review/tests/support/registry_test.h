#pragma once
// The suite's shared fixture, the counterpart of the seed's tests/conftest.py.
// Every test that touches the library's global locations (sessions, cache,
// costs, user config, workers) derives its fixture from RegistryTest.
//
// Unfixed build: SetUp/TearDown leave registry::Settings alone, so those
// tests share /tmp/registry-review/..., <source>/data/.cache, $HOME's config
// and the "registry-review" worker tag with every other test process.
// Fixed build (-DREGISTRY_REVIEW_FIXED=ON): SetUp makes a private mkdtemp
// directory and points every Settings location at it, and gives the workers a
// tag of their own; TearDown restores the settings and removes the directory.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "registry/settings.h"

namespace registry::testing_support {

class RegistryTest : public ::testing::Test {
protected:
    void SetUp() override {
#ifdef REGISTRY_REVIEW_FIXED
        Settings& settings = Settings::instance();
        saved_sessions_dir_ = settings.sessions_dir;
        saved_cache_dir_ = settings.cache_dir;
        saved_cost_file_ = settings.cost_file;
        saved_config_file_ = settings.config_file;
        saved_worker_tag_ = settings.worker_tag;

        char tmpl[] = "/tmp/rr-test-XXXXXX";
        const char* made = mkdtemp(tmpl);
        ASSERT_NE(made, nullptr) << "mkdtemp failed";
        private_dir_ = made;
        const std::string test_name = ::testing::UnitTest::GetInstance()->current_test_info()->name();

        settings.set_sessions_dir((private_dir_ / "sessions").string());
        settings.set_cache_dir((private_dir_ / "cache").string());
        settings.set_cost_file((private_dir_ / "costs.json").string());
        settings.set_config_file((private_dir_ / "config").string());
        settings.set_worker_tag("rr-" + std::to_string(getpid()) + "-" + test_name);
#endif
    }

    void TearDown() override {
#ifdef REGISTRY_REVIEW_FIXED
        Settings& settings = Settings::instance();
        settings.set_sessions_dir(saved_sessions_dir_);
        settings.set_cache_dir(saved_cache_dir_);
        settings.set_cost_file(saved_cost_file_);
        settings.set_config_file(saved_config_file_);
        settings.set_worker_tag(saved_worker_tag_);
        if (!private_dir_.empty()) std::filesystem::remove_all(private_dir_);
#endif
    }

#ifdef REGISTRY_REVIEW_FIXED
private:
    std::filesystem::path private_dir_;
    std::string saved_sessions_dir_;
    std::string saved_cache_dir_;
    std::string saved_cost_file_;
    std::string saved_config_file_;
    std::string saved_worker_tag_;
#endif
};

}  // namespace registry::testing_support
