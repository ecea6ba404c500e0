#pragma once
// Records the (LLM) cost of each call, one JSON object per line. By default in
// Settings::cost_file, shared by the whole suite, like the seed's
// `_test_suite_costs` + /tmp/test_*.json.
#include <cstddef>
#include <filesystem>
#include <sstream>
#include <string>
#include <utility>

#include "registry/io.h"
#include "registry/settings.h"

namespace registry {

class CostTracker {
public:
    CostTracker() = default;
    explicit CostTracker(std::filesystem::path file) : file_(std::move(file)) {}

    const std::filesystem::path& file() const { return file_; }

    void reset() {
        std::filesystem::create_directories(file_.parent_path());
        write_text(file_, "");
    }

    void record(const std::string& test, double usd) {
        std::filesystem::create_directories(file_.parent_path());
        append_text(file_, "{\"test\": \"" + test + "\", \"cost\": " + std::to_string(usd) + "}\n");
    }

    std::size_t entries() const { return count_and_sum().first; }
    double total() const { return count_and_sum().second; }

private:
    std::pair<std::size_t, double> count_and_sum() const {
        if (!std::filesystem::exists(file_)) return {0, 0.0};
        std::istringstream lines(read_text(file_));
        std::size_t count = 0;
        double sum = 0.0;
        for (std::string line; std::getline(lines, line);) {
            const std::string cost = json_field(line, "cost");
            if (cost.empty()) continue;
            ++count;
            sum += std::stod(cost);
        }
        return {count, sum};
    }

    std::filesystem::path file_ = Settings::instance().cost_file;
};

}  // namespace registry
