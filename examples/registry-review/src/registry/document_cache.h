#pragma once
// Document processing with an extraction cache, like the seed's tests that
// "use the examples/ directory": DocumentProcessor reads a document of the
// data directory, asks the (simulated) LLM for its facts, records the cost and
// caches the answer as <cache_dir>/<project>/<document>.json. By default the
// cache lives in Settings::cache_dir, inside the source tree's data directory.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "registry/cost_tracker.h"
#include "registry/documents.h"
#include "registry/io.h"
#include "registry/llm.h"
#include "registry/settings.h"
#include "registry/text.h"

namespace registry {

struct Extraction {
    std::string project;
    std::string document;
    std::string project_id;
    std::string crediting_period;  // "2022-2023"
    std::string land_tenure;
    std::string dates;  // ISO dates, ';'-separated, in document order
};

inline std::string to_cache_json(const Extraction& e) {
    return "{\"project\": \"" + e.project + "\", \"document\": \"" + e.document + "\", \"project_id\": \"" +
           e.project_id + "\", \"crediting_period\": \"" + e.crediting_period + "\", \"land_tenure\": \"" +
           e.land_tenure + "\", \"dates\": \"" + e.dates + "\"}\n";
}

inline Extraction from_cache_json(const std::string& json) {
    return {json_field(json, "project"),          json_field(json, "document"),
            json_field(json, "project_id"),       json_field(json, "crediting_period"),
            json_field(json, "land_tenure"),      json_field(json, "dates")};
}

class DocumentCache {
public:
    DocumentCache() : DocumentCache(Settings::instance().cache_dir) {}
    explicit DocumentCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

    const std::filesystem::path& dir() const { return dir_; }

    std::filesystem::path entry(const std::string& project, const std::string& document) const {
        return dir_ / project / (document + ".json");
    }

    std::optional<Extraction> get(const std::string& project, const std::string& document) const {
        const auto file = entry(project, document);
        if (!std::filesystem::exists(file)) return std::nullopt;
        return from_cache_json(read_text(file));
    }

    void put(const Extraction& extraction) {
        std::filesystem::create_directories(dir_ / extraction.project);
        write_text(entry(extraction.project, extraction.document), to_cache_json(extraction));
    }

    // Cached documents of the project (names without ".json"), sorted.
    std::vector<std::string> documents(const std::string& project) const {
        std::vector<std::string> names;
        const auto dir = dir_ / project;
        if (!std::filesystem::is_directory(dir)) return names;
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    // Forgets everything: removes the cache directory recursively.
    void clear() { std::filesystem::remove_all(dir_); }

private:
    std::filesystem::path dir_;
};

class DocumentProcessor {
public:
    DocumentProcessor() : DocumentProcessor(Settings::instance().data_dir, DocumentCache()) {}
    DocumentProcessor(std::filesystem::path data_dir, DocumentCache cache)
        : data_dir_(std::move(data_dir)), cache_(std::move(cache)) {}

    // The facts of <data_dir>/<project>/<document>.txt, from the cache when present.
    Extraction process(const std::string& project, const std::string& document) {
        if (auto cached = cache_.get(project, document)) return *cached;
        const auto source = data_dir_ / project / (document + ".txt");
        if (!std::filesystem::is_regular_file(source))
            throw std::runtime_error("no such document: " + source.string());
        const std::string text = read_text(source);

        simulate_llm_call();
        ++llm_calls_;
        Extraction extraction{project, document, primary_project_id(text), {},
                              extract_field(text, "Land tenure"), {}};
        if (const auto period = extract_crediting_period(text))
            extraction.crediting_period =
                std::to_string(period->first_year) + "-" + std::to_string(period->last_year);
        for (const auto& date : extract_dates(text))
            extraction.dates += (extraction.dates.empty() ? "" : ";") + date;

        cache_.put(extraction);
        costs_.record("extract " + project + "/" + document, kExtractionCostUsd);
        return extraction;
    }

    // LLM calls made by this processor (cache misses).
    int llm_calls() const { return llm_calls_; }
    DocumentCache& cache() { return cache_; }
    const CostTracker& costs() const { return costs_; }

private:
    std::filesystem::path data_dir_;
    DocumentCache cache_;
    CostTracker costs_;
    int llm_calls_ = 0;
};

}  // namespace registry
