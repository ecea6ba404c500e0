#pragma once
// The project's documents: <data_dir>/<project>/<document>.txt, read-only.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "registry/io.h"
#include "registry/settings.h"

namespace registry {

inline constexpr const char kBotanyFarm[] = "22-23-botany-farm";

inline std::filesystem::path project_dir(const std::string& project) {
    return std::filesystem::path(Settings::instance().data_dir) / project;
}

inline std::filesystem::path document_path(const std::string& project, const std::string& document) {
    return project_dir(project) / (document + ".txt");
}

inline std::string read_document(const std::string& project, const std::string& document) {
    return read_text(document_path(project, document));
}

// Names (without ".txt") of the project's documents, sorted; empty for an unknown project.
inline std::vector<std::string> discover_documents(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    if (!std::filesystem::is_directory(dir)) return names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".txt")
            names.push_back(entry.path().stem().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace registry
