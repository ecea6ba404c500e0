#pragma once
// Upload tools: copy a reviewer's document into <session_dir>/documents/.
#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace registry {

inline bool is_uploadable(const std::filesystem::path& file) {
    const std::string ext = file.extension().string();
    return ext == ".txt" || ext == ".md" || ext == ".pdf";
}

// Copies `source` into <session_dir>/documents/; an existing name gets a
// "-1", "-2", ... suffix. Returns the stored file.
inline std::filesystem::path upload_document(const std::filesystem::path& session_dir,
                                             const std::filesystem::path& source) {
    if (!is_uploadable(source)) throw std::invalid_argument("unsupported document type: " + source.string());
    if (!std::filesystem::is_regular_file(source)) throw std::invalid_argument("no such file: " + source.string());
    const auto documents = session_dir / "documents";
    std::filesystem::create_directories(documents);
    auto target = documents / source.filename();
    for (int n = 1; std::filesystem::exists(target); ++n)
        target = documents / (source.stem().string() + "-" + std::to_string(n) + source.extension().string());
    std::filesystem::copy_file(source, target);
    return target;
}

// File names in <session_dir>/documents/, sorted.
inline std::vector<std::string> uploaded_documents(const std::filesystem::path& session_dir) {
    std::vector<std::string> names;
    const auto documents = session_dir / "documents";
    if (!std::filesystem::is_directory(documents)) return names;
    for (const auto& entry : std::filesystem::directory_iterator(documents))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace registry
